import type {
  EntitySummary,
  ScorecardEntity,
  Severity,
} from '@mesh-security/plugin-mesh-security-common';
import { countBySeverity } from '@mesh-security/plugin-mesh-security-common';
import { finding } from '../__testUtils__/fixtures';
import { findingsPage, PageQuery, servicesPage } from './overviewPages';

function row(
  name: string,
  summary: Partial<EntitySummary>,
  title?: string,
): ScorecardEntity {
  return {
    entityRef: `component:default/${name}`,
    title,
    summary: {
      mtlsMode: 'STRICT',
      meshed: true,
      worstSeverity: null,
      findingsBySeverity: countBySeverity([]),
      rps: null,
      mtlsTrafficShare: null,
      health: null,
      plaintextCallers: [],
      hasAuthorizationPolicy: true,
      strictReady: false,
      ...summary,
    },
  };
}

// worst first, as meshServices hands them over
const rows = [
  row('legacy', { mtlsMode: 'NONE', rps: 200, health: 'WARN' }),
  row('gateway', { mtlsMode: 'PERMISSIVE', rps: 5000, health: 'OK' }),
  row('retool', { mtlsMode: null }, 'Retool'),
  row('orders', { rps: 40, mtlsTrafficShare: 1, health: 'CRIT' }),
];

const query = <S extends string>(
  over: Partial<PageQuery<S>> & { severity?: Severity[] } = {},
): PageQuery<S> & { severity?: Severity[] } => ({
  offset: 0,
  limit: 25,
  sort: 'findings' as S,
  order: 'asc',
  ...over,
});

const names = (page: { items: ScorecardEntity[] }) =>
  page.items.map(r => r.entityRef.replace('component:default/', ''));

describe('servicesPage', () => {
  it('keeps the worst-first order by default and pages it', () => {
    expect(names(servicesPage(rows, query()))).toEqual([
      'legacy',
      'gateway',
      'retool',
      'orders',
    ]);
    const second = servicesPage(rows, query({ offset: 1, limit: 2 }));
    expect(names(second)).toEqual(['gateway', 'retool']);
    expect(second).toMatchObject({ total: 4, offset: 1, limit: 2 });
    expect(names(servicesPage(rows, query({ order: 'desc' })))).toEqual([
      'orders',
      'retool',
      'gateway',
      'legacy',
    ]);
  });

  it('sorts unknown values last in either order', () => {
    expect(names(servicesPage(rows, query({ sort: 'rps' })))).toEqual([
      'orders',
      'legacy',
      'gateway',
      'retool',
    ]);
    expect(
      names(servicesPage(rows, query({ sort: 'rps', order: 'desc' }))),
    ).toEqual(['gateway', 'legacy', 'orders', 'retool']);
    expect(names(servicesPage(rows, query({ sort: 'mode' })))).toEqual([
      'legacy',
      'gateway',
      'orders',
      'retool',
    ]);
    // worst health first ascending
    expect(names(servicesPage(rows, query({ sort: 'health' })))).toEqual([
      'orders',
      'legacy',
      'gateway',
      'retool',
    ]);
  });

  it('sorts by title where there is one and searches ref and title', () => {
    expect(names(servicesPage(rows, query({ sort: 'name' })))).toEqual([
      'gateway',
      'legacy',
      'orders',
      'retool',
    ]);
    const found = servicesPage(rows, query({ q: 'RETOOL' }));
    expect(names(found)).toEqual(['retool']);
    expect(found.total).toBe(1);
    expect(servicesPage(rows, query({ q: 'nothing' }))).toMatchObject({
      total: 0,
      items: [],
    });
  });

  it('answers an offset past the end with an empty page and the total', () => {
    expect(servicesPage(rows, query({ offset: 10 }))).toEqual({
      items: [],
      total: 4,
      offset: 10,
      limit: 25,
    });
  });
});

describe('findingsPage', () => {
  // worst first, as meshFindings hands them over
  const findings = [
    {
      ...finding('dr-tls-disable-to-strict', 'critical', 'shop/x'),
      cluster: 'dev',
    },
    {
      ...finding('workload-outside-mesh', 'medium', 'legacy/a'),
      cluster: 'prod',
    },
    { ...finding('mtls-permissive', 'low', 'shop/b'), cluster: 'dev' },
    { ...finding('mtls-permissive', 'low', 'shop/c'), cluster: 'prod' },
  ];
  const rules = (page: { items: typeof findings }) =>
    page.items.map(f => `${f.cluster} ${f.rule} ${f.subject}`);

  it('filters by severities and text, counting the matches', () => {
    const low = findingsPage(
      findings,
      query({ sort: 'severity', severity: ['low'], limit: 1 }),
    );
    expect(rules(low)).toEqual(['dev mtls-permissive shop/b']);
    expect(low.total).toBe(2);
    const text = findingsPage(findings, query({ sort: 'severity', q: 'prod' }));
    expect(rules(text)).toEqual([
      'prod workload-outside-mesh legacy/a',
      'prod mtls-permissive shop/c',
    ]);
  });

  it('sorts by a column, ties kept worst first', () => {
    expect(rules(findingsPage(findings, query({ sort: 'rule' })))).toEqual([
      'dev dr-tls-disable-to-strict shop/x',
      'dev mtls-permissive shop/b',
      'prod mtls-permissive shop/c',
      'prod workload-outside-mesh legacy/a',
    ]);
    expect(
      rules(findingsPage(findings, query({ sort: 'severity', order: 'desc' }))),
    ).toEqual([
      'dev mtls-permissive shop/b',
      'prod mtls-permissive shop/c',
      'prod workload-outside-mesh legacy/a',
      'dev dr-tls-disable-to-strict shop/x',
    ]);
  });
});
