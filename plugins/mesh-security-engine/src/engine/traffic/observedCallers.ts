import type {
  AuthzRuleSummary,
  Finding,
  MeshMetrics,
  MeshReport,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import { workloadSelector, yaml } from '../remediation';
import { callerVerdict, type ObservedCaller } from './callerDecision';
import { workloadKey } from './edges';
import { formatRate, plural } from './format';
import { CALLERS_LIMIT } from './plaintextTraffic';
import { localTrustDomains, parsePrincipal } from './principals';

/** A caller seen over the long window, with its rate over the short one. */
export interface CallerObservation extends ObservedCaller {
  /** principal as the metrics wrote it (`spiffe://…`), or `unknown` */
  principalText: string;
  /** requests (or connections) per second over the short window; 0 when only the long window saw it */
  rate: number;
}

/** The callee's own figure when it has one; the caller's where the callee has no proxy. */
function callerRate(r?: { destination: number; source: number }): number {
  if (!r) return 0;
  return r.destination > 0 ? r.destination : r.source;
}

/**
 * Every caller of every workload over the long window (destination-reported
 * identities), with its short-window rate (destination reporter preferred).
 */
export function observedCallers(
  metrics: MeshMetrics,
): Map<string, CallerObservation[]> {
  const rates = new Map<string, { destination: number; source: number }>();
  for (const f of metrics.flows) {
    const id = `${workloadKey(
      f.sourceNamespace,
      f.sourceWorkload,
    )}\u0000${workloadKey(f.destinationNamespace, f.destinationWorkload)}`;
    const r = rates.get(id) ?? { destination: 0, source: 0 };
    r[f.reporter] += f.rate;
    rates.set(id, r);
  }
  const out = new Map<string, CallerObservation[]>();
  const seen = new Set<string>();
  for (const s of metrics.identities) {
    if (s.count <= 0) continue;
    const destination = workloadKey(
      s.destinationNamespace,
      s.destinationWorkload,
    );
    const workload = workloadKey(s.sourceNamespace, s.sourceWorkload);
    const id = `${destination}\u0000${workload}\u0000${s.sourcePrincipal}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const r = rates.get(`${workload}\u0000${destination}`);
    const caller: CallerObservation = {
      workload,
      principal: parsePrincipal(s.sourcePrincipal),
      principalText: s.sourcePrincipal,
      rate: callerRate(r),
    };
    const list = out.get(destination);
    if (list) list.push(caller);
    else out.set(destination, [caller]);
  }
  return out;
}

const enforced = (rules: AuthzRuleSummary[]) => rules.filter(r => !r.dryRun);

/** `ns/workload (principal, N rps)` for a reason. */
function describeCallers(callers: CallerObservation[]): string {
  const shown = callers.slice(0, CALLERS_LIMIT).map(c => {
    const who = c.principal ? c.principal.text : 'no identity (plaintext)';
    return `${c.workload} (${who}, ${formatRate(c.rate)}/s)`;
  });
  const more = callers.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

function callerDetail(callers: CallerObservation[]) {
  const listed = callers.slice(0, CALLERS_LIMIT);
  return {
    callers: listed.map(c => c.workload),
    observed: listed.map(c => ({
      caller: c.workload,
      principal: c.principalText,
      rate: c.rate,
    })),
    callersTotal: callers.length,
  };
}

const byRate = (a: CallerObservation, b: CallerObservation) =>
  b.rate - a.rate || a.workload.localeCompare(b.workload);

/** The ALLOW policy that admits the denied callers that have an identity. */
export function allowCallersManifest(
  workload: WorkloadPosture,
  principals: string[],
  name = `${workload.name}-observed-callers`,
): string {
  return yaml({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name, namespace: workload.namespace },
    spec: {
      action: 'ALLOW',
      selector: { matchLabels: workloadSelector(workload.labels) },
      rules: [{ from: [{ source: { principals } }] }],
    },
  });
}

/**
 * authz-observed-caller-denied: callers seen in the window that the enforced
 * policies of an in-mesh workload deny now; authz-dry-run-would-deny: callers a
 * dry-run policy would deny once enforced (RULES "Dry-run policies").
 */
export function observedCallerFindings(
  report: MeshReport,
  metrics: MeshMetrics,
  callers = observedCallers(metrics),
): Finding[] {
  const domains = localTrustDomains(report.assumptions);
  const findings: Finding[] = [];
  const dryRunDenied = new Map<string, CallerObservation[]>();
  for (const [key, workload] of Object.entries(report.workloads)) {
    if (!workload.inMesh) continue; // nothing enforces a policy without a proxy
    const seen = callers.get(key);
    if (!seen) continue;
    const { allow, deny } = workload.authorization;
    const now = { allow: enforced(allow), deny: enforced(deny) };
    const denied = seen.filter(c => callerVerdict(now, c, domains).denied);
    if (denied.length > 0) {
      denied.sort(byRate);
      const principals = [
        ...new Set(
          denied.flatMap(c => (c.principal ? [c.principal.text] : [])),
        ),
      ].sort();
      findings.push({
        rule: 'authz-observed-caller-denied',
        severity: 'medium',
        subject: key,
        reason: `The AuthorizationPolicies of ${key} deny ${plural(
          denied.length,
          'caller',
        )} observed calling it: ${describeCallers(
          denied,
        )}. Either a policy is newer than this traffic (those calls now fail) or the callers already get 403s.`,
        detail: callerDetail(denied),
        ...(principals.length > 0
          ? { remediation: allowCallersManifest(workload, principals) }
          : {}),
      });
    }
    // Each dry-run policy as if it were enforced beside the others.
    const dryPolicies = new Set(
      [...allow, ...deny].filter(r => r.dryRun).map(r => r.policy),
    );
    for (const policy of dryPolicies) {
      const withIt = {
        allow: allow.filter(r => !r.dryRun || r.policy === policy),
        deny: deny.filter(r => !r.dryRun || r.policy === policy),
      };
      const would = seen.filter(
        c =>
          !callerVerdict(now, c, domains).denied &&
          callerVerdict(withIt, c, domains).denied,
      );
      if (would.length === 0) continue;
      const list = dryRunDenied.get(policy) ?? [];
      for (const c of would)
        if (
          !list.some(
            o =>
              o.workload === c.workload && o.principalText === c.principalText,
          )
        )
          list.push(c);
      dryRunDenied.set(policy, list);
    }
  }
  for (const [policy, list] of dryRunDenied) {
    list.sort(byRate);
    findings.push({
      rule: 'authz-dry-run-would-deny',
      severity: 'info',
      subject: policy,
      reason: `Dry-run AuthorizationPolicy ${policy} would deny ${plural(
        list.length,
        'caller',
      )} observed in the window once enforced: ${describeCallers(list)}.`,
      detail: callerDetail(list),
    });
  }
  return findings;
}
