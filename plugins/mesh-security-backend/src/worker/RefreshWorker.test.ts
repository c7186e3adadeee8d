import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import { evaluateMesh } from '@mesh-security/mesh-security-engine';
import type { ClusterRead, ListRead } from '../sources/types';
import { heavyPods } from '../__testUtils__/fixtures';
import { DEMO_NOW, demoMesh } from '../whatIf/__testUtils__/demoMesh';
import {
  ClusterJob,
  lastGoodOf,
  reportPartsOf,
  simulationSlicesOf,
} from './clusterJob';
import { RefreshWorker } from './RefreshWorker';
import { decodeReport } from './reportParts';

const demo = demoMesh();
const NOW = DEMO_NOW.toISOString();

/** The demo's objects as an API server serves them, with what the engine never reads. */
const served = (o: KubeObject): KubeObject => ({
  ...o,
  metadata: {
    ...o.metadata,
    managedFields: [{ manager: 'kubectl' }],
  } as KubeObject['metadata'],
  status: { observedGeneration: 7 },
});

/** The demo read list by list, as the Kubernetes source does; `failed` lists are not read. */
function readOf(failed: string[] = []): ClusterRead {
  const kinds = [...new Set(demo.objects.map(o => o.kind))];
  const lists: ListRead[] = kinds.map(kind => ({
    list: kind,
    keepLastGood: kind !== 'Pod' && kind !== 'Deployment',
    ...(failed.includes(kind)
      ? { failed: 'forbidden (403)' }
      : { objects: demo.objects.filter(o => o.kind === kind).map(served) }),
  }));
  return {
    cluster: 'prod',
    objects: lists.flatMap(l => l.objects ?? []),
    status: {
      name: 'kubernetes:prod',
      kind: 'kubernetes',
      state: 'ok',
      lastSuccessAt: NOW,
    },
    lists,
  };
}

const job = (read: ClusterRead, previousRef?: string): ClusterJob => ({
  read,
  metrics: demo.metrics,
  now: NOW,
  generatedAt: NOW,
  previousRef,
});

describe('RefreshWorker', () => {
  const worker = new RefreshWorker();
  afterAll(() => worker.close());
  const noStore = jest.fn(async () => undefined);

  it('evaluates in a worker thread what the engine would here, from what the engine reads', async () => {
    const result = await worker.evaluate(job(readOf()), noStore);
    expect(await decodeReport(reportPartsOf(result))).toEqual(
      evaluateMesh({
        objects: demo.objects,
        metrics: demo.metrics,
        now: DEMO_NOW,
      }),
    );
    expect(result.status.state).toBe('ok');
    const text = [...simulationSlicesOf(result)].join('');
    expect(JSON.parse(text).objects).toHaveLength(demo.objects.length);
    expect(text).not.toContain('managedFields');
    expect(text).not.toContain('observedGeneration');
    expect(noStore).not.toHaveBeenCalled();
  });

  it('falls back on the last good lists it holds, and on stored ones it does not hold', async () => {
    const first = await worker.evaluate(job(readOf()), noStore);
    const again = await worker.evaluate(
      job(readOf(['AuthorizationPolicy']), first.ref),
      noStore,
    );
    // held by the thread: nothing read from the store
    expect(noStore).not.toHaveBeenCalled();
    expect(again.status.staleKinds).toEqual([
      { kind: 'AuthorizationPolicy', since: NOW },
    ]);
    const full = await decodeReport(reportPartsOf(first));
    expect(await decodeReport(reportPartsOf(again))).toEqual(full);

    // e.g. written by another replica: read from the store
    const other = new RefreshWorker();
    try {
      const load = jest.fn(async () => lastGoodOf(first));
      const third = await other.evaluate(
        job(readOf(['AuthorizationPolicy']), first.ref),
        load,
      );
      expect(load).toHaveBeenCalledWith(first.ref);
      expect(await decodeReport(reportPartsOf(third))).toEqual(full);
    } finally {
      await other.close();
    }
  });

  it('names a list unknown when no last good lists exist anywhere', async () => {
    const result = await worker.evaluate(
      job(readOf(['AuthorizationPolicy']), 'gone'),
      noStore,
    );
    expect(result.unknownKinds).toEqual(['AuthorizationPolicy']);
  });

  it('writes the next stored texts into the memory of evaluations the caller released, and never before', async () => {
    const first = await worker.evaluate(job(readOf()), noStore);
    const written = [...reportPartsOf(first)];
    const later = (now: string): ClusterJob => ({
      ...job(readOf()),
      now,
      generatedAt: now,
    });
    await worker.evaluate(later('2030-01-01T00:00:00.000Z'), noStore);
    // not released: still as written
    expect([...reportPartsOf(first)]).toEqual(written);

    worker.release([first.ref]);
    const next = await worker.evaluate(
      later('2031-01-01T00:00:00.000Z'),
      noStore,
    );
    // the same memory, now holding the next evaluation's texts
    expect([...reportPartsOf(first)]).not.toEqual(written);
    expect([...reportPartsOf(first)]).toEqual([...reportPartsOf(next)]);
  });

  it('fails a job that outgrows the thread’s heap limit with an error naming the setting, and serves the next one', async () => {
    const small = new RefreshWorker(undefined, { heapMb: 32 });
    try {
      const pods = heavyPods();
      const big = readOf();
      big.objects = pods;
      big.lists = [{ list: 'Pod', keepLastGood: false, objects: pods }];
      await expect(small.evaluate(job(big), noStore)).rejects.toThrow(
        'the refresh worker ran out of memory: its heap is limited to 32 MB (meshSecurity.refresh.workerHeapMb)',
      );
      const result = await small.evaluate(job(readOf()), noStore);
      expect(result.status.state).toBe('ok');
    } finally {
      await small.close();
    }
  });

  it('starts a new thread after the previous one stopped', async () => {
    await worker.close();
    const result = await worker.evaluate(job(readOf()), noStore);
    expect(result.status.state).toBe('ok');
  });
});
