import {
  evaluateMesh,
  proposeAuthorization,
} from '@mesh-security/mesh-security-engine';
import type { AuditIo } from './audit';
import { EXIT_OK, InputError } from './errors';
import { loadManifests, loadMetrics } from './loadManifests';

/** `mesh-security propose authz PATH... --metrics FILE --workload ns/name` */
export interface ProposeOptions {
  paths: string[];
  metrics: string;
  workload: string;
  now: Date;
  format: 'yaml' | 'json';
  maxFileSize: number;
}

/**
 * A least-privilege AuthorizationPolicy from the callers observed over the
 * long window, checked by the what-if simulation against the observed flows.
 */
export async function runProposeAuthz(
  options: ProposeOptions,
  io: AuditIo,
): Promise<number> {
  const { entries } = await loadManifests(options.paths, io.baseDir, {
    maxFileBytes: options.maxFileSize,
  });
  if (entries.length === 0)
    throw new InputError(
      `${options.paths.join(', ')}: no Kubernetes objects found`,
    );
  const metrics = await loadMetrics(options.metrics, io.baseDir);
  const objects = entries.map(e => e.object);
  const current = evaluateMesh({ objects, metrics, now: options.now });
  if (!current.workloads[options.workload])
    throw new InputError(
      `--workload ${options.workload}: no such workload in ${options.paths.join(
        ', ',
      )}`,
    );
  const proposal = proposeAuthorization(
    { objects, metrics, now: options.now, current },
    options.workload,
  );
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify(proposal, null, 2)}\n`);
    return EXIT_OK;
  }
  const breaks = proposal.simulation.flows.filter(f => f.outcome === 'breaks');
  const header = [
    `# Least-privilege AuthorizationPolicy for ${options.workload}, from the callers observed in ${metrics.longWindow}.`,
    breaks.length === 0
      ? '# Checked against the observed traffic: breaks nothing observed.'
      : `# Checked against the observed traffic: it would break ${
          breaks.length
        } flow${breaks.length === 1 ? '' : 's'}:`,
    ...breaks.map(
      f => `#   ${f.source} → ${f.destination} (${f.rate}/s): ${f.reason}`,
    ),
    ...(proposal.unauthenticatedCallers.length > 0
      ? [
          `# Callers without identity (plaintext), which no ALLOW rule by identity can admit: ${proposal.unauthenticatedCallers.join(
            ', ',
          )}`,
        ]
      : []),
  ];
  io.stdout(`${header.join('\n')}\n${proposal.yaml}`);
  return EXIT_OK;
}
