import type {
  MeshMetrics,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';
import type { EngineInput } from '@mesh-security/mesh-security-engine';
import { report, workload } from '../__testUtils__/fixtures';
import type {
  ClusterObjectSource,
  ClusterRead,
  MetricsRead,
  MetricsSource,
} from '../sources/types';
import type { KubernetesReadPlan } from '../sources/kubernetesReading';
import { InProcessEvaluator } from '../worker/ClusterEvaluator';
import type { ReadContext } from '../worker/kubernetesReadJob';
import { buildSnapshot } from './buildSnapshot';

const T0 = new Date('2025-06-01T00:00:00.000Z');
const T1 = new Date('2025-06-01T00:05:00.000Z');
const T2 = new Date('2025-06-01T00:10:00.000Z');

function ok(
  cluster: string,
  objects = [
    { kind: 'Pod', metadata: { name: `${cluster}-pod`, namespace: 'shop' } },
  ],
): ClusterRead {
  return {
    cluster,
    objects,
    status: { name: `kubernetes:${cluster}`, kind: 'kubernetes', state: 'ok' },
  };
}
function failed(cluster: string, message: string): ClusterRead {
  return {
    cluster,
    objects: [],
    status: {
      name: `kubernetes:${cluster}`,
      kind: 'kubernetes',
      state: 'error',
      message,
    },
  };
}

/** A source whose successive reads are scripted. */
function scripted(
  name: string,
  ...reads: Array<ClusterRead[] | Error>
): ClusterObjectSource {
  let i = 0;
  return {
    name,
    async read() {
      const next = reads[Math.min(i++, reads.length - 1)];
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

const metrics: MeshMetrics = {
  collectedAt: 'x',
  window: '5m',
  longWindow: '24h',
  flows: [],
  latencies: [],
  identities: [],
};
function metricsSource(...reads: MetricsRead[]): MetricsSource {
  let i = 0;
  return {
    name: 'prometheus',
    read: async () => reads[Math.min(i++, reads.length - 1)],
  };
}
const promOk: MetricsRead = {
  metrics: { '*': metrics },
  status: { name: 'prometheus', kind: 'prometheus', state: 'ok' },
};
const promDown: MetricsRead = {
  metrics: {},
  status: {
    name: 'prometheus',
    kind: 'prometheus',
    state: 'error',
    message: 'connect ECONNREFUSED',
  },
};

/** The engine stand-in: a report whose only workload is named after the first object. */
const evaluate = jest.fn((input: EngineInput) =>
  report([workload(`shop/${input.objects[0]?.metadata.name ?? 'none'}`)], [], {
    evaluatedAt: input.now.toISOString(),
  }),
);

const byName = (sources: SourceStatus[]) =>
  Object.fromEntries(sources.map(s => [s.name, s]));

describe('buildSnapshot', () => {
  beforeEach(() => evaluate.mockClear());

  it('evaluates every cluster with its metrics (own or `*`)', async () => {
    const own = { ...metrics, window: '1m' };
    const { snapshot, metrics: stored } = await buildSnapshot({
      clusterSources: [scripted('kubernetes', [ok('prod'), ok('dev')])],
      metricsSource: metricsSource({
        ...promOk,
        metrics: { '*': metrics, dev: own },
      }),
      evaluate,
      now: T0,
    });
    expect(
      snapshot.clusters.map(c => [
        c.cluster,
        c.source,
        Object.keys(c.report.workloads),
      ]),
    ).toEqual([
      ['prod', 'kubernetes', ['shop/prod-pod']],
      ['dev', 'kubernetes', ['shop/dev-pod']],
    ]);
    expect(evaluate.mock.calls.map(([i]) => i.metrics)).toEqual([metrics, own]);
    expect(
      snapshot.sources.map(s => [s.name, s.state, s.lastSuccessAt]),
    ).toEqual([
      ['kubernetes:prod', 'ok', T0.toISOString()],
      ['kubernetes:dev', 'ok', T0.toISOString()],
      ['prometheus', 'ok', T0.toISOString()],
    ]);
    expect(stored?.readAt).toBe(T0.toISOString());
  });

  it('keeps the last good report of a failing cluster, stale since its last success', async () => {
    const source = scripted(
      'kubernetes',
      [ok('prod'), ok('dev')],
      [ok('prod'), failed('dev', 'connect ETIMEDOUT')],
    );
    const first = await buildSnapshot({
      clusterSources: [source],
      evaluate,
      now: T0,
    });
    const second = await buildSnapshot({
      clusterSources: [source],
      evaluate,
      now: T1,
      previous: first.snapshot,
    });

    const dev = second.snapshot.clusters.find(c => c.cluster === 'dev')!;
    expect(dev.report).toEqual(
      first.snapshot.clusters.find(c => c.cluster === 'dev')!.report,
    );
    expect(byName(second.snapshot.sources)['kubernetes:dev']).toEqual({
      name: 'kubernetes:dev',
      kind: 'kubernetes',
      state: 'stale',
      lastSuccessAt: T0.toISOString(),
      message: 'connect ETIMEDOUT',
    });
    expect(byName(second.snapshot.sources)['kubernetes:prod'].state).toBe('ok');

    // still failing later: still stale since T0, not since the previous refresh
    const third = await buildSnapshot({
      clusterSources: [source],
      evaluate,
      now: T2,
      previous: second.snapshot,
    });
    expect(byName(third.snapshot.sources)['kubernetes:dev'].lastSuccessAt).toBe(
      T0.toISOString(),
    );
    expect(third.snapshot.clusters.map(c => c.cluster).sort()).toEqual([
      'dev',
      'prod',
    ]);
  });

  it('shows a source that never succeeded as an error, with no report', async () => {
    const { snapshot } = await buildSnapshot({
      clusterSources: [
        scripted('kubernetes', [failed('prod', 'Unauthorized (401)')]),
      ],
      evaluate,
      now: T0,
    });
    expect(snapshot.clusters).toEqual([]);
    expect(snapshot.sources).toEqual([
      {
        name: 'kubernetes:prod',
        kind: 'kubernetes',
        state: 'error',
        message: 'Unauthorized (401)',
      },
    ]);
  });

  it('keeps every cluster of a source that failed as a whole, even one that throws', async () => {
    const source = scripted(
      'kubernetes',
      [ok('prod'), ok('dev')],
      [failed('*', 'Kubernetes plugin: 503 Service Unavailable')],
      new Error('request to https://admin:hunter2@k8s.example failed'),
    );
    const first = await buildSnapshot({
      clusterSources: [source],
      evaluate,
      now: T0,
    });
    const second = await buildSnapshot({
      clusterSources: [source],
      evaluate,
      now: T1,
      previous: first.snapshot,
    });
    expect(
      second.snapshot.sources.map(s => [s.name, s.state, s.message]),
    ).toEqual([
      [
        'kubernetes:prod',
        'stale',
        'Kubernetes plugin: 503 Service Unavailable',
      ],
      ['kubernetes:dev', 'stale', 'Kubernetes plugin: 503 Service Unavailable'],
    ]);
    const third = await buildSnapshot({
      clusterSources: [source],
      evaluate,
      now: T2,
      previous: second.snapshot,
    });
    expect(third.snapshot.clusters.map(c => c.cluster)).toEqual([
      'prod',
      'dev',
    ]);
    expect(third.snapshot.sources[0].message).toBe(
      'request to https://<redacted>@k8s.example failed',
    );
  });

  it('drops a cluster the source no longer serves while the rest reads fine', async () => {
    const source = scripted(
      'kubernetes',
      [ok('prod'), ok('old')],
      [ok('prod')],
    );
    const first = await buildSnapshot({
      clusterSources: [source],
      evaluate,
      now: T0,
    });
    const second = await buildSnapshot({
      clusterSources: [source],
      evaluate,
      now: T1,
      previous: first.snapshot,
    });
    expect(second.snapshot.clusters.map(c => c.cluster)).toEqual(['prod']);
  });

  it('treats an engine failure like a failed read', async () => {
    const source = scripted('manifests', [ok('demo')]);
    const first = await buildSnapshot({
      clusterSources: [source],
      evaluate,
      now: T0,
    });
    const broken = jest.fn(() => {
      throw new Error('unknown mode FOO');
    });
    const second = await buildSnapshot({
      clusterSources: [source],
      evaluate: broken,
      now: T1,
      previous: first.snapshot,
    });
    expect(second.snapshot.clusters[0].report).toEqual(
      first.snapshot.clusters[0].report,
    );
    expect(second.snapshot.sources[0]).toMatchObject({
      state: 'stale',
      message: 'evaluation failed: unknown mode FOO',
    });
  });

  it('reuses the last good metrics while the metrics source fails, marked stale', async () => {
    const source = scripted('kubernetes', [ok('prod')]);
    const prom = metricsSource(promOk, promDown);
    const first = await buildSnapshot({
      clusterSources: [source],
      metricsSource: prom,
      evaluate,
      now: T0,
    });
    evaluate.mockClear();
    const second = await buildSnapshot({
      clusterSources: [source],
      metricsSource: prom,
      evaluate,
      now: T1,
      previous: first.snapshot,
      previousMetrics: first.metrics,
    });
    expect(evaluate.mock.calls[0][0].metrics).toEqual(metrics);
    expect(second.metrics).toBeUndefined();
    expect(byName(second.snapshot.sources).prometheus).toEqual({
      name: 'prometheus',
      kind: 'prometheus',
      state: 'stale',
      lastSuccessAt: T0.toISOString(),
      message: 'connect ECONNREFUSED',
    });
  });

  it('evaluates without metrics, and says so, when metrics never worked', async () => {
    const { snapshot } = await buildSnapshot({
      clusterSources: [scripted('kubernetes', [ok('prod')])],
      metricsSource: metricsSource(promDown),
      evaluate,
      now: T0,
    });
    expect(evaluate.mock.calls[0][0].metrics).toBeUndefined();
    expect(byName(snapshot.sources).prometheus.state).toBe('error');
  });

  it('passes a partial read through with its warnings', async () => {
    const partial: ClusterRead = {
      ...ok('prod'),
      status: {
        name: 'kubernetes:prod',
        kind: 'kubernetes',
        state: 'partial',
        warnings: ['AuthorizationPolicy: forbidden (403)'],
      },
    };
    const { snapshot } = await buildSnapshot({
      clusterSources: [scripted('kubernetes', [partial])],
      evaluate,
      now: T0,
    });
    expect(snapshot.clusters).toHaveLength(1);
    expect(snapshot.sources[0]).toMatchObject({
      state: 'partial',
      warnings: ['AuthorizationPolicy: forbidden (403)'],
    });
  });
});

describe('buildSnapshot with a source read where the evaluator runs', () => {
  const plan = (clusters: string[]): KubernetesReadPlan => ({
    base: 'http://kubernetes.test',
    token: 'tok',
    clusters,
    pageSize: 10,
    listConcurrency: 1,
    clusterConcurrency: 1,
    timeoutMs: 1000,
    maxListRestarts: 0,
    secrets: { tokens: ['tok'] },
    lastSuccess: {},
  });
  /** A Kubernetes-like source: plans `prod`, settles `ghost` itself, must never be read here. */
  const source = () => ({
    name: 'kubernetes',
    read: jest.fn(async (): Promise<ClusterRead[]> => {
      throw new Error('read on the main thread');
    }),
    plan: jest.fn(async () => ({
      settled: [failed('ghost', 'cluster is not configured')],
      plan: plan(['prod']),
    })),
    settle: jest.fn(),
  });
  /** Reads `prod` from `reads` in turn, evaluating in-process; an Error: the worker died. */
  const evaluator = (...reads: Array<ClusterRead | Error>) => {
    const here = new InProcessEvaluator(evaluate);
    let i = 0;
    return {
      evaluate: () => Promise.reject(new Error('objects sent to the worker')),
      readAndEvaluate: jest.fn(
        async (_plan: KubernetesReadPlan, context: ReadContext) => {
          const read = reads[Math.min(i++, reads.length - 1)];
          if (read instanceof Error) throw read;
          const result = await here.evaluate(
            {
              read,
              now: context.now,
              generatedAt: context.generatedAt,
              previousRef: context.previousRefs.prod,
            },
            async () => undefined,
          );
          return [{ cluster: 'prod', status: read.status, result }];
        },
      ),
    };
  };

  it('serves what the evaluator read and evaluated, and keeps it stale when the evaluator fails', async () => {
    const kubernetes = source();
    const worker = evaluator(ok('prod'), new Error('the worker stopped'));
    const first = await buildSnapshot({
      clusterSources: [kubernetes],
      evaluator: worker,
      now: T0,
    });
    expect(kubernetes.read).not.toHaveBeenCalled();
    expect(
      first.snapshot.clusters.map(c => [
        c.cluster,
        Object.keys(c.report.workloads),
      ]),
    ).toEqual([['prod', ['shop/prod-pod']]]);
    expect(
      first.snapshot.sources.map(s => [s.name, s.state, s.message]),
    ).toEqual([
      ['kubernetes:prod', 'ok', undefined],
      ['kubernetes:ghost', 'error', 'cluster is not configured'],
    ]);
    expect(kubernetes.settle).toHaveBeenCalledWith([
      expect.objectContaining({ cluster: 'prod' }),
    ]);

    const second = await buildSnapshot({
      clusterSources: [kubernetes],
      evaluator: worker,
      previous: first.snapshot,
      now: T1,
    });
    expect(worker.readAndEvaluate.mock.calls[1][1].previousRefs).toEqual({
      prod: first.snapshot.clusters[0].ref,
    });
    const [prod] = second.snapshot.clusters;
    expect(prod.report).toEqual(first.snapshot.clusters[0].report);
    expect(prod.status).toMatchObject({
      state: 'stale',
      message: 'read failed: the worker stopped',
      lastSuccessAt: T0.toISOString(),
    });
  });
});
