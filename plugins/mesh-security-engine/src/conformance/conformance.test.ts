import fs from 'fs';
import path from 'path';
import {
  RULE_CATALOG,
  type MeshReport,
  type RuleId,
} from '@mesh-security/plugin-mesh-security-common';
import { evaluateMesh } from '../engine';
import { parseManifests } from '../manifests';
import { applyKnownGaps, findDiscrepancies } from './checkConformance';
import {
  CONFORMANCE_CASES,
  isMapped,
  type ConformanceCase,
} from './expectations';
import { KNOWN_ENGINE_GAPS } from './knownEngineGaps';
import { RULE_CORRESPONDENCE } from './ruleCorrespondence';

const FIXTURES = path.join(__dirname, 'fixtures');
const NOW = new Date('2026-09-01T00:00:00Z');

function evaluateCase(c: ConformanceCase): MeshReport {
  const objects = c.files.flatMap(file =>
    parseManifests(fs.readFileSync(path.join(FIXTURES, file), 'utf8'), file),
  );
  return evaluateMesh({ objects, now: NOW });
}

function fixtureFiles(dir = FIXTURES): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return fixtureFiles(full);
    return [path.relative(FIXTURES, full).split(path.sep).join('/')];
  });
}

describe('conformance with Istio analyzer cases and samples', () => {
  describe.each(CONFORMANCE_CASES.map(c => [c.name, c] as const))(
    '%s',
    (name, c) => {
      const gaps = KNOWN_ENGINE_GAPS.filter(g => g.case === name);
      let outcome: ReturnType<typeof applyKnownGaps>;
      beforeAll(() => {
        outcome = applyKnownGaps(findDiscrepancies(c, evaluateCase(c)), gaps);
      });

      it('reports what Istio reports, and beyond it only the findings listed with a reason', () => {
        expect(outcome.unexplained.map(d => `${d.kind}: ${d.message}`)).toEqual(
          [],
        );
      });

      it('has no known engine gap that the engine has since fixed (remove those from KNOWN_ENGINE_GAPS)', () => {
        const { stale } = outcome;
        expect(
          stale.map(g => `${g.kind} ${g.rule ?? ''} ${g.subject}`),
        ).toEqual([]);
      });
    },
  );
});

describe('the conformance table itself', () => {
  const files = fixtureFiles();
  const used = new Set(CONFORMANCE_CASES.flatMap(c => c.files));

  it('uses every fixture, and every fixture it names exists', () => {
    expect(files.filter(f => !used.has(f))).toEqual([]);
    expect([...used].filter(f => !files.includes(f))).toEqual([]);
  });

  const headerOf = (file: string) => {
    const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
    return text.slice(0, text.search(/^[^#\n]/m));
  };

  it.each(files)(
    '%s starts with a comment naming where it comes from',
    file => {
      expect(headerOf(file)).toMatch(/^# .*(Istio|istio\.io)/);
    },
  );

  it.each(files.filter(f => f.startsWith('istio-analyzers/')))(
    '%s names the upstream test data file and the case that reads it',
    file => {
      const header = headerOf(file);
      expect(header).toMatch(
        /pkg\/config\/analysis\/analyzers\/testdata\/[\w.-]+\.yaml/,
      );
      const named = /case "([^"]+)"/.exec(header)?.[1];
      const upstreams = CONFORMANCE_CASES.filter(c =>
        c.files.includes(file),
      ).map(c => c.upstream);
      expect(upstreams.length).toBeGreaterThan(0);
      expect(upstreams.filter(u => !u.includes(`case "${named}"`))).toEqual([]);
    },
  );

  it('says for every rule of the catalog how Istio relates to it', () => {
    const rules = Object.keys(RULE_CATALOG) as RuleId[];
    expect(rules.filter(r => !RULE_CORRESPONDENCE[r])).toEqual([]);
  });

  it('never both maps a finding onto Istio and lists it as beyond Istio', () => {
    const both = CONFORMANCE_CASES.flatMap(c => {
      const mapped = new Set(
        c.istio.filter(isMapped).map(m => `${m.ours.rule} ${m.ours.subject}`),
      );
      return c.beyondIstio
        .map(b => `${c.name}: ${b.rule} ${b.subject}`)
        .filter(k => mapped.has(k.slice(k.indexOf(': ') + 2)));
    });
    expect(both).toEqual([]);
  });

  it('gives every finding beyond Istio and every unmapped message a reason', () => {
    const reasons = CONFORMANCE_CASES.flatMap(c => [
      ...c.beyondIstio.map(b => ({ what: `${c.name}: ${b.rule}`, why: b.why })),
      ...c.istio.map(m => ({
        what: `${c.name}: ${m.code} ${m.resource}`,
        why: isMapped(m) ? 'mapped onto a finding of ours' : m.unmapped,
      })),
    ]);
    expect(reasons.filter(r => r.why.length < 20)).toEqual([]);
  });

  it('files every known engine gap under an existing case, with the Istio source that decides it', () => {
    const names = new Set(CONFORMANCE_CASES.map(c => c.name));
    for (const gap of KNOWN_ENGINE_GAPS) {
      expect(names).toContain(gap.case);
      expect(gap.decidedBy).toMatch(/\.go:\d+/);
    }
  });
});

describe('the conformance check', () => {
  const c = CONFORMANCE_CASES.find(x => x.name === 'istioInjection')!;
  const report = evaluateCase(c);
  const kinds = (r: MeshReport) =>
    findDiscrepancies(c, r).map(d => `${d.kind} ${d.rule ?? ''} ${d.subject}`);

  it('finds nothing on a report that matches the case', () => {
    expect(kinds(report)).toEqual([]);
  });

  it('notices a mapped Istio message the report lacks', () => {
    const r = {
      ...report,
      findings: report.findings.filter(f => f.rule !== 'pod-missing-proxy'),
    };
    expect(kinds(r)).toEqual([
      'missing pod-missing-proxy default/noninjectedpod',
    ]);
  });

  it('notices a finding nobody listed', () => {
    const r = {
      ...report,
      findings: [
        ...report.findings,
        {
          rule: 'workload-outside-mesh' as const,
          severity: 'medium' as const,
          subject: 'default/injectedpod',
          reason: 'made up',
        },
      ],
    };
    expect(kinds(r)).toEqual([
      'unexpected workload-outside-mesh default/injectedpod',
    ]);
  });

  it('notices a listed finding that is no longer reported', () => {
    const r = {
      ...report,
      findings: report.findings.filter(f => f.rule !== 'host-network-pod'),
    };
    expect(kinds(r)).toEqual([
      'missing host-network-pod default/noninjectedpodhostnetwork',
    ]);
  });

  it('notices a workload whose posture differs, and one too many', () => {
    const injected = report.workloads['default/injectedpod'];
    const r = {
      ...report,
      workloads: {
        ...report.workloads,
        'default/injectedpod': { ...injected, mtlsMode: 'STRICT' as const },
        'default/extra': injected,
      },
    };
    expect(kinds(r)).toEqual([
      'posture  default/injectedpod',
      'posture  default/extra',
    ]);
  });

  it('compares the names an IST0101 finding carries', () => {
    const ap: ConformanceCase = {
      name: 'names',
      upstream: 'test',
      files: [],
      istio: [
        {
          code: 'IST0101',
          type: 'ReferencedResourceNotFound',
          resource: 'AuthorizationPolicy a/p',
          arg: 'bogus',
          ours: {
            rule: 'authz-unknown-namespace',
            subject: 'a/p',
            grant: 'bogus',
          },
        },
      ],
      beyondIstio: [],
      workloads: {},
    };
    const finding = (grants: string[]) => ({
      ...report,
      workloads: {},
      findings: [
        {
          rule: 'authz-unknown-namespace' as const,
          severity: 'medium' as const,
          subject: 'a/p',
          reason: 'r',
          detail: { grants },
        },
      ],
    });
    expect(findDiscrepancies(ap, finding(['bogus']))).toEqual([]);
    expect(
      findDiscrepancies(ap, finding(['default'])).map(d => d.kind),
    ).toEqual(['missing', 'unexpected']);
  });

  it('calls a known gap stale once nothing matches it', () => {
    const gap = {
      case: c.name,
      kind: 'missing' as const,
      rule: 'pod-missing-proxy' as const,
      subject: 'default/noninjectedpod',
      ours: 'o',
      istio: 'i',
      decidedBy: 'x.go:1',
    };
    const missing = findDiscrepancies(c, {
      ...report,
      findings: report.findings.filter(f => f.rule !== 'pod-missing-proxy'),
    });
    expect(applyKnownGaps(missing, [gap])).toEqual({
      unexplained: [],
      stale: [],
    });
    expect(applyKnownGaps(findDiscrepancies(c, report), [gap]).stale).toEqual([
      gap,
    ]);
  });
});
