import {
  component,
  finding,
  report,
  snapshot,
  workload,
} from '../__testUtils__/fixtures';
import type { MeshOverview } from '@mesh-security/plugin-mesh-security-common';
import { indexSnapshot } from '../snapshot/IndexedSnapshot';
import { demoMesh } from '../whatIf/__testUtils__/demoMesh';
import {
  matchedOverview,
  meshFindings,
  meshOverview,
  meshOverviewSummary,
} from './meshOverview';
import { compareFindings } from './summary';
import { matchEntities } from './teamScorecard';

const meshTraffic = (
  totalRps: number,
  mtlsShare: number | null,
  plaintextFlows: number,
) => ({
  window: '5m',
  longWindow: '24h',
  collectedAt: '2025-06-01T00:00:00Z',
  totalRps,
  mtlsShare,
  plaintextFlows,
});

const view = indexSnapshot(
  'r',
  snapshot({
    prod: report(
      [
        workload('shop/order-service'),
        workload('legacy/legacy-service', { inMesh: false, mtlsMode: 'NONE' }),
      ],
      [finding('workload-outside-mesh', 'medium', 'legacy/legacy-service')],
      { traffic: meshTraffic(1000, 0.8, 1) },
    ),
    dev: report(
      [workload('shop/order-service', { mtlsMode: 'PERMISSIVE' })],
      [
        finding('mtls-permissive', 'low', 'shop/order-service'),
        finding('dr-tls-disable-to-strict', 'critical', 'shop/x'),
      ],
      { traffic: meshTraffic(3000, 1, 0) },
    ),
  }),
);

describe('meshOverview', () => {
  const entities = matchEntities(view, [
    component('order-service'),
    component('legacy-service', undefined, 'identity-team'),
    component('unmatched'),
    // annotated, but no workload anywhere: an owner with nothing to grade
    component('handbook', undefined, 'docs-team'),
    component('user-owned', undefined, 'user:default/jane'),
  ]);
  let overview: MeshOverview;
  beforeAll(async () => {
    overview = await meshOverview(
      view,
      matchedOverview(entities),
      new Map([['group:default/commerce-team', 'Commerce']]),
    );
  });

  it('sums coverage and traffic over clusters', () => {
    expect(overview.coverage).toEqual({
      workloads: 3,
      meshed: 2,
      strict: 1,
      byNamespace: {
        shop: { workloads: 2, meshed: 2, strict: 1 },
        legacy: { workloads: 1, meshed: 0, strict: 0 },
      },
      mtlsTrafficShare: (800 + 3000) / 4000,
    });
    expect(overview.totalRps).toBe(4000);
    expect(overview.plaintextFlows).toBe(1);
  });

  it('lists findings worst first with their cluster', () => {
    expect(overview.findings.map(f => `${f.cluster} ${f.rule}`)).toEqual([
      'dev dr-tls-disable-to-strict',
      'prod workload-outside-mesh',
      'dev mtls-permissive',
    ]);
  });

  it('lists matched services worst first and one scorecard per owner group', () => {
    expect(overview.services.map(s => s.entityRef)).toEqual([
      'component:default/legacy-service',
      'component:default/order-service',
    ]);
    expect(overview.teams.map(t => [t.groupRef, t.title, t.services])).toEqual([
      ['group:default/identity-team', undefined, 1],
      ['group:default/commerce-team', 'Commerce', 2],
      ['group:default/docs-team', undefined, 1],
    ]);
  });

  it('lists a team whose services match no workload ungraded, after the graded ones', () => {
    expect(overview.teams.map(t => [t.groupRef, t.grade])).toEqual([
      ['group:default/identity-team', expect.stringMatching(/^[A-F]$/)],
      ['group:default/commerce-team', expect.stringMatching(/^[A-F]$/)],
      ['group:default/docs-team', null],
    ]);
    expect(overview.teams[2].score).toBeNull();
  });

  it('summarizes the same figures with counts instead of lists', async () => {
    const summary = await meshOverviewSummary(
      view,
      matchedOverview(entities),
      new Map([['group:default/commerce-team', 'Commerce']]),
    );
    const { services, findings, suppressed, teams, ...figures } = overview;
    expect(summary).toEqual({
      ...figures,
      services: services.length,
      findingsBySeverity: {
        critical: 1,
        high: 0,
        medium: 1,
        low: 1,
        info: 0,
      },
      suppressed,
      teams: teams.map(t => ({ ...t, entities: [] })),
    });
    expect(findings).toHaveLength(3);
    expect(teams[1].entities).toHaveLength(2);
  });

  it('has no traffic figures without metrics', async () => {
    const bare = indexSnapshot(
      'r',
      snapshot({ prod: report([workload('shop/a')]) }),
    );
    const o = await meshOverview(bare, matchedOverview([]), new Map());
    expect(o).toMatchObject({
      totalRps: null,
      plaintextFlows: 0,
      teams: [],
      services: [],
    });
    expect(o.coverage.mtlsTrafficShare).toBeNull();
  });

  it('lists the findings of every cluster worst first, merging the lists as the engine ordered them', async () => {
    const demo = demoMesh().report;
    // the engine's order is the overview's: the mesh's sort only merges
    expect([...demo.findings].sort(compareFindings)).toEqual(demo.findings);
    const two = indexSnapshot('r', snapshot({ a: demo, b: demo }));
    const listed = await meshFindings(two);
    expect(listed).toHaveLength(2 * demo.findings.length);
    expect(listed.map(({ cluster, ...f }) => f)).toEqual(
      demo.findings.flatMap(f => [f, f]),
    );
    expect(listed.slice(0, 2).map(f => f.cluster)).toEqual(['a', 'b']);
    // kept for the snapshot: pages of one view read the same list
    expect(await meshFindings(two)).toBe(listed);
  });
});
