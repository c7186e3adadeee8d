import type {
  Finding,
  MeshReport,
  RuleId,
} from '@mesh-security/plugin-mesh-security-common';
import { isMapped, type ConformanceCase } from './expectations';
import type { EngineGap } from './knownEngineGaps';

/**
 * `missing`: a mapped Istio message (or a listed finding of ours) is not reported;
 * `unexpected`: a finding nobody listed; `posture`: a workload differs;
 * `warning`: the engine skipped part of the fixture.
 */
export type DiscrepancyKind = 'missing' | 'unexpected' | 'posture' | 'warning';

export interface Discrepancy {
  kind: DiscrepancyKind;
  rule?: RuleId;
  subject: string;
  message: string;
}

const key = (rule: string, subject: string) => `${rule} ${subject}`;

/** Names a finding carries in `detail.grants` (or `detail.grant`). */
function grantsOf(findings: Finding[]): Set<string> {
  const names = new Set<string>();
  for (const f of findings) {
    const grants = f.detail?.grants;
    if (Array.isArray(grants))
      grants.forEach(g => typeof g === 'string' && names.add(g));
    else if (typeof f.detail?.grant === 'string') names.add(f.detail.grant);
  }
  return names;
}

/** Every way the report departs from the case: what Istio expects, what we list, the postures. */
export function findDiscrepancies(
  c: ConformanceCase,
  report: MeshReport,
): Discrepancy[] {
  const out: Discrepancy[] = [];
  const reported = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const k = key(f.rule, f.subject);
    reported.set(k, [...(reported.get(k) ?? []), f]);
  }

  // Istio's messages, grouped onto our findings (IST0101 comes once per namespace).
  const expected = new Map<
    string,
    { rule: RuleId; subject: string; grants: Set<string>; istio: string[] }
  >();
  for (const m of c.istio.filter(isMapped)) {
    const k = key(m.ours.rule, m.ours.subject);
    const e = expected.get(k) ?? {
      ...m.ours,
      grants: new Set<string>(),
      istio: [],
    };
    if (m.ours.grant !== undefined) e.grants.add(m.ours.grant);
    e.istio.push(`${m.code} ${m.resource}${m.arg ? ` (${m.arg})` : ''}`);
    expected.set(k, e);
  }
  for (const [k, e] of expected) {
    const found = reported.get(k);
    const istio = e.istio.join(', ');
    if (!found) {
      const names = e.grants.size ? ` naming ${[...e.grants].join(', ')}` : '';
      out.push({
        kind: 'missing',
        rule: e.rule,
        subject: e.subject,
        message: `Istio reports ${istio}; expected ${k}${names}`,
      });
      continue;
    }
    if (e.grants.size === 0) continue;
    const actual = grantsOf(found);
    const absent = [...e.grants].filter(g => !actual.has(g));
    const extra = [...actual].filter(g => !e.grants.has(g));
    if (absent.length)
      out.push({
        kind: 'missing',
        rule: e.rule,
        subject: e.subject,
        message: `Istio reports ${istio}; ${k} does not name ${absent.join(
          ', ',
        )}`,
      });
    if (extra.length)
      out.push({
        kind: 'unexpected',
        rule: e.rule,
        subject: e.subject,
        message: `${k} also names ${extra.join(', ')}, which Istio accepts`,
      });
  }

  const listed = new Set(c.beyondIstio.map(b => key(b.rule, b.subject)));
  for (const b of c.beyondIstio) {
    if (!reported.has(key(b.rule, b.subject)))
      out.push({
        kind: 'missing',
        rule: b.rule,
        subject: b.subject,
        message: `listed as reported beyond Istio, but ${key(
          b.rule,
          b.subject,
        )} is not reported`,
      });
  }
  for (const [k, [f]] of reported) {
    if (!expected.has(k) && !listed.has(k))
      out.push({
        kind: 'unexpected',
        rule: f.rule,
        subject: f.subject,
        message: `${k} is reported, but neither Istio's expectations nor the case's beyond-Istio list name it: ${f.reason}`,
      });
  }

  for (const [workload, want] of Object.entries(c.workloads)) {
    const got = report.workloads[workload];
    if (!got) {
      out.push({
        kind: 'posture',
        subject: workload,
        message: `workload ${workload} is missing (expected ${want.dataplane})`,
      });
      continue;
    }
    const diffs = (['dataplane', 'mtlsMode', 'decidedBy'] as const)
      .filter(field => want[field] !== undefined && want[field] !== got[field])
      .map(field => `${field} ${got[field]} (expected ${want[field]})`);
    if (got.inMesh !== (want.dataplane !== 'none'))
      diffs.push(`inMesh ${got.inMesh}`);
    if (diffs.length)
      out.push({
        kind: 'posture',
        subject: workload,
        message: `${workload}: ${diffs.join(', ')}`,
      });
  }
  for (const workload of Object.keys(report.workloads)) {
    if (!(workload in c.workloads))
      out.push({
        kind: 'posture',
        subject: workload,
        message: `unexpected workload ${workload}`,
      });
  }

  for (const warning of report.warnings)
    out.push({ kind: 'warning', subject: '', message: warning });
  return out;
}

const sameSpot = (d: Discrepancy, g: EngineGap) =>
  d.kind === g.kind && d.rule === g.rule && d.subject === g.subject;

/**
 * Splits discrepancies into the ones a known engine gap explains and the
 * rest; a gap that explains nothing any more is stale (the engine was fixed).
 */
export function applyKnownGaps(
  discrepancies: Discrepancy[],
  gaps: EngineGap[],
): { unexplained: Discrepancy[]; stale: EngineGap[] } {
  return {
    unexplained: discrepancies.filter(d => !gaps.some(g => sameSpot(d, g))),
    stale: gaps.filter(g => !discrepancies.some(d => sameSpot(d, g))),
  };
}
