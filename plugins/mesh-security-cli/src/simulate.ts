import {
  changeSetFromObjects,
  describeRef,
  evaluateMesh,
  simulateChange,
} from '@mesh-security/mesh-security-engine';
import type { ManifestEntry } from '@mesh-security/mesh-security-engine';
import type { SimulationResult } from '@mesh-security/plugin-mesh-security-common';
import { EXIT_FINDINGS, EXIT_OK, InputError } from './errors';
import type { SourceLocation } from './locateFindings';
import { loadManifests, loadMetrics } from './loadManifests';
import type { AuditIo } from './audit';
import { formatSimulationSarif } from './formats/simulationSarif';
import { formatSimulationTable } from './formats/simulationTable';

/** `mesh-security simulate BASE... --change FILE...` */
export interface SimulateOptions {
  base: string[];
  change: string[];
  metrics?: string;
  now: Date;
  format: 'table' | 'json' | 'sarif';
  failOnBreak: boolean;
  maxFileSize: number;
}

/** `Kind ns/name` of each changed object → where the change file declares it. */
function changeLocations(
  entries: readonly ManifestEntry[],
): Map<string, SourceLocation> {
  const out = new Map<string, SourceLocation>();
  for (const e of entries) {
    const meta = e.object.metadata as Record<string, unknown> | undefined;
    const name = typeof meta?.name === 'string' ? meta.name : undefined;
    if (typeof e.object.kind !== 'string' || !name) continue;
    const ref = {
      kind: e.object.kind,
      namespace:
        typeof meta?.namespace === 'string' ? meta.namespace : undefined,
      name,
    };
    const location = { file: e.file, line: e.line };
    out.set(describeRef(ref), location);
    out.set(`${describeRef(ref)} (deleted)`, location);
  }
  return out;
}

/**
 * What-if for a pull request: evaluates BASE with the change files applied (a
 * change object annotated `mesh-security.io/change: delete` removes its
 * namesake) and reports the observed flows the change would break. Exit 1 with
 * `--fail-on-break` when some would.
 */
export async function runSimulate(
  options: SimulateOptions,
  io: AuditIo,
): Promise<number> {
  const load = { maxFileBytes: options.maxFileSize };
  const base = await loadManifests(options.base, io.baseDir, load);
  if (base.entries.length === 0)
    throw new InputError(
      `${options.base.join(', ')}: no Kubernetes objects found`,
    );
  const changes = await loadManifests(options.change, io.baseDir, load);
  if (changes.entries.length === 0)
    throw new InputError(
      `${options.change.join(', ')}: no Kubernetes objects found in the change`,
    );
  let change;
  try {
    change = changeSetFromObjects(changes.entries.map(e => e.object));
  } catch (error) {
    throw new InputError(
      `${options.change.join(', ')}: ${(error as Error).message}`,
    );
  }
  const metrics = options.metrics
    ? await loadMetrics(options.metrics, io.baseDir)
    : undefined;
  const objects = base.entries.map(e => e.object);
  const current = evaluateMesh({
    objects,
    ...(metrics && { metrics }),
    now: options.now,
  });
  const { result } = simulateChange({
    objects,
    ...(metrics && { metrics }),
    now: options.now,
    change,
    current,
  });
  if (!result.trafficJudged)
    io.stderr(
      'warning: no --metrics: observed traffic cannot be judged, only posture and findings\n',
    );
  io.stdout(render(result, options, io, changeLocations(changes.entries)));
  return options.failOnBreak && result.breaking.flows > 0
    ? EXIT_FINDINGS
    : EXIT_OK;
}

function render(
  result: SimulationResult,
  options: SimulateOptions,
  io: AuditIo,
  locations: Map<string, SourceLocation>,
): string {
  if (options.format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  if (options.format === 'sarif')
    return formatSimulationSarif(result, {
      locate: changed => locations.get(changed),
      baseDir: io.baseDir,
      version: io.version,
    });
  return formatSimulationTable(result, { color: io.color });
}
