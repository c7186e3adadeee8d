import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import type { EngineInput } from '@mesh-security/mesh-security-engine';
import { report, workload } from '../__testUtils__/fixtures';
import type { MeshSnapshot } from '../snapshot/types';
import type { ClusterObjectSource, ClusterRead } from '../sources/types';
import { buildSnapshot } from './buildSnapshot';

const T0 = new Date('2025-06-01T00:00:00.000Z');
const T1 = new Date('2025-06-01T00:05:00.000Z');
const T2 = new Date('2025-06-01T00:10:00.000Z');

const pod: KubeObject = {
  kind: 'Pod',
  metadata: { name: 'orders-1', namespace: 'shop' },
};
const policy = (name: string): KubeObject => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'AuthorizationPolicy',
  metadata: { name, namespace: 'shop' },
  spec: { action: 'ALLOW', rules: [{}] },
});
const FORBIDDEN = 'forbidden (403)';

/** A cluster read as the Kubernetes source returns it: lists, and AuthorizationPolicies read or refused. */
function read(policies: KubeObject[] | 'forbidden'): ClusterRead {
  const refused = policies === 'forbidden';
  return {
    cluster: 'prod',
    objects: refused ? [pod] : [pod, ...policies],
    status: {
      name: 'kubernetes:prod',
      kind: 'kubernetes',
      state: refused ? 'partial' : 'ok',
      ...(refused && { warnings: [`AuthorizationPolicy: ${FORBIDDEN}`] }),
    },
    lists: [
      { list: 'Pod', keepLastGood: false, objects: [pod] },
      refused
        ? { list: 'AuthorizationPolicy', keepLastGood: true, failed: FORBIDDEN }
        : {
            list: 'AuthorizationPolicy',
            keepLastGood: true,
            objects: policies,
          },
    ],
  };
}

const clusterDown: ClusterRead = {
  cluster: 'prod',
  objects: [],
  status: {
    name: 'kubernetes:prod',
    kind: 'kubernetes',
    state: 'error',
    message: 'connect ECONNREFUSED',
  },
};

function source(...reads: ClusterRead[]): ClusterObjectSource {
  let i = 0;
  return { name: 'kubernetes', read: async () => [reads[i++]] };
}

/** The engine stand-in: one finding per AuthorizationPolicy it was given. */
const evaluate = jest.fn((input: EngineInput) =>
  report(
    [workload('shop/orders')],
    input.objects
      .filter(o => o.kind === 'AuthorizationPolicy')
      .map(o => ({
        rule: 'authz-allow-all' as const,
        severity: 'high' as const,
        subject: `shop/${o.metadata.name}`,
        reason: 'allows everything',
      })),
  ),
);

async function refreshes(reads: ClusterRead[], times: Date[]) {
  const clusters = source(...reads);
  const snapshots: MeshSnapshot[] = [];
  for (const now of times) {
    const { snapshot } = await buildSnapshot({
      clusterSources: [clusters],
      previous: snapshots[snapshots.length - 1],
      evaluate,
      now,
    });
    snapshots.push(snapshot);
  }
  return snapshots;
}

describe('a list that cannot be read', () => {
  beforeEach(() => evaluate.mockClear());

  it('is replaced by its last good objects, stale since they were read', async () => {
    const [first, second, third] = await refreshes(
      [read([policy('a'), policy('b')]), read('forbidden'), read('forbidden')],
      [T0, T1, T2],
    );
    expect(first.clusters[0].report.findings).toHaveLength(2);

    for (const later of [second, third]) {
      const [cluster] = later.clusters;
      // the authz findings do not vanish: the policies of T0 were evaluated
      expect(cluster.report.findings.map(f => f.subject)).toEqual([
        'shop/a',
        'shop/b',
      ]);
      expect(cluster.unknownKinds).toBeUndefined();
      expect(later.sources).toEqual([
        {
          name: 'kubernetes:prod',
          kind: 'kubernetes',
          state: 'partial',
          lastSuccessAt: later.generatedAt,
          warnings: [
            `AuthorizationPolicy: ${FORBIDDEN}`,
            `AuthorizationPolicy: using the objects read at ${T0.toISOString()}`,
          ],
          staleKinds: [
            { kind: 'AuthorizationPolicy', since: T0.toISOString() },
          ],
        },
      ]);
    }
    expect(
      evaluate.mock.calls[2][0].objects.filter(
        o => o.kind === 'AuthorizationPolicy',
      ),
    ).toHaveLength(2);
  });

  it('is marked unknown for its cluster when it was never read, never read as "none"', async () => {
    const [snapshot] = await refreshes([read('forbidden')], [T0]);
    const [cluster] = snapshot.clusters;
    expect(cluster.unknownKinds).toEqual(['AuthorizationPolicy']);
    expect(cluster.status).toMatchObject({
      state: 'partial',
      unknownKinds: ['AuthorizationPolicy'],
      warnings: [
        `AuthorizationPolicy: ${FORBIDDEN}`,
        'AuthorizationPolicy: never read; results that depend on it are unknown',
      ],
    });
  });

  it('a list read again replaces the stand-in and clears the unknown mark', async () => {
    const [, second] = await refreshes(
      [read('forbidden'), read([policy('c')])],
      [T0, T1],
    );
    const [cluster] = second.clusters;
    expect(cluster.unknownKinds).toBeUndefined();
    expect(cluster.status.state).toBe('ok');
    expect(cluster.lastGood?.AuthorizationPolicy).toEqual({
      readAt: T1.toISOString(),
      objects: [policy('c')],
    });
  });

  it('keeps its warning and marks when the cluster later goes stale', async () => {
    const [, second, third] = await refreshes(
      [read('forbidden'), clusterDown, clusterDown],
      [T0, T1, T2],
    );
    for (const later of [second, third]) {
      expect(later.sources).toEqual([
        {
          name: 'kubernetes:prod',
          kind: 'kubernetes',
          state: 'stale',
          lastSuccessAt: T0.toISOString(),
          message: 'connect ECONNREFUSED',
          warnings: [
            `AuthorizationPolicy: ${FORBIDDEN}`,
            'AuthorizationPolicy: never read; results that depend on it are unknown',
          ],
          unknownKinds: ['AuthorizationPolicy'],
        },
      ]);
      expect(later.clusters[0].unknownKinds).toEqual(['AuthorizationPolicy']);
    }
  });

  it('keeps the last good objects through a stale period', async () => {
    const [, , third] = await refreshes(
      [read([policy('a')]), clusterDown, read('forbidden')],
      [T0, T1, T2],
    );
    expect(third.clusters[0].report.findings.map(f => f.subject)).toEqual([
      'shop/a',
    ]);
    expect(third.sources[0].staleKinds).toEqual([
      { kind: 'AuthorizationPolicy', since: T0.toISOString() },
    ]);
  });
});
