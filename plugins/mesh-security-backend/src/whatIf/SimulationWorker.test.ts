import { heavyPods } from '../__testUtils__/fixtures';
import { encodePayload } from '../snapshot/storedPayload';
import { sliceText } from '../worker/packedTexts';
import { parseChange } from './parseChange';
import { ProposalRefused } from './simulateInCluster';
import type {
  SimulationInput,
  StoredSimulationInput,
} from './SimulationInputStore';
import { SimulationWorker } from './SimulationWorker';
import { InProcessSimulator } from './Simulator';
import {
  ALLOW_INGRESS,
  DEMO_CLUSTER,
  demoMesh,
} from './__testUtils__/demoMesh';

const demo = demoMesh();
const change = parseChange({ yaml: ALLOW_INGRESS }, 256 * 1024);
const text = (json: Uint8Array) => Buffer.from(json).toString('utf8');

/** The kept inputs of each cluster as the store holds them: deflated slices under a revision. */
class FakeInputs {
  readonly stored = new Map<string, StoredSimulationInput>();
  readsOfParts = 0;
  /** replaced between `revisionOf` and `readStored`, once */
  replaceOnRead?: SimulationInput;
  /** dropped between `revisionOf` and `readStored` (the cluster no longer served) */
  dropOnRead = false;

  async keep(input: SimulationInput, revision: string, sliceChars = 4096) {
    const { cluster, evaluatedAt, ...payload } = input;
    const parts = await Promise.all(
      sliceText(JSON.stringify(payload), sliceChars).map(encodePayload),
    );
    this.stored.set(cluster, { cluster, revision, evaluatedAt, parts });
  }

  async revisionOf(cluster: string) {
    return this.stored.get(cluster)?.revision;
  }

  async clusters() {
    return [...this.stored.keys()].sort();
  }

  async readStored(cluster: string) {
    this.readsOfParts++;
    if (this.dropOnRead) this.stored.clear();
    if (this.replaceOnRead) {
      await this.keep(this.replaceOnRead, 'replaced');
      this.replaceOnRead = undefined;
    }
    return this.stored.get(cluster);
  }
}

describe('SimulationWorker', () => {
  let inputs: FakeInputs;
  let worker: SimulationWorker;
  const entities: never[] = [];

  beforeEach(async () => {
    inputs = new FakeInputs();
    await inputs.keep(demo.input, 'r1');
    worker = new SimulationWorker(inputs, 512);
  });
  afterEach(() => worker.close());

  it('answers as the same job on this thread would', async () => {
    const job = { cluster: DEMO_CLUSTER, change, entities };
    const inWorker = await worker.simulate(job);
    const here = await new InProcessSimulator({
      read: async () => demo.input,
    }).simulate(job);
    expect(inWorker!.changed).toEqual([
      'AuthorizationPolicy edge/api-gateway-ingress',
    ]);
    expect(JSON.parse(text(inWorker!.json))).toEqual(
      JSON.parse(text(here!.json)),
    );
    expect(
      JSON.parse(text(inWorker!.json)).findingsRemoved.map(
        (f: { rule: string }) => f.rule,
      ),
    ).toEqual(['authz-observed-caller-denied']);
  });

  it('sends the stored inputs only when the worker holds another revision', async () => {
    const job = { cluster: DEMO_CLUSTER, change, entities };
    await worker.simulate(job);
    await worker.simulate(job);
    expect(inputs.readsOfParts).toBe(1);
    await inputs.keep(
      { ...demo.input, evaluatedAt: '2026-06-01T00:05:00.000Z' },
      'r2',
    );
    const after = await worker.simulate(job);
    expect(inputs.readsOfParts).toBe(2);
    expect(JSON.parse(text(after!.json)).evaluatedAt).toBe(
      '2026-06-01T00:05:00.000Z',
    );
    // a thread started again holds nothing: it is sent them again
    await worker.close();
    await worker.simulate(job);
    expect(inputs.readsOfParts).toBe(3);
  });

  it('lets go of the inputs of a cluster no longer served', async () => {
    await inputs.keep({ ...demo.input, cluster: 'east' }, 'e1');
    await worker.simulate({ cluster: DEMO_CLUSTER, change, entities });
    await worker.simulate({ cluster: 'east', change, entities });
    expect(inputs.readsOfParts).toBe(2);
    // east is no longer served: the next job (on demo) tells the worker so
    const east = inputs.stored.get('east')!;
    inputs.stored.delete('east');
    await worker.simulate({ cluster: DEMO_CLUSTER, change, entities });
    expect(inputs.readsOfParts).toBe(2);
    // the same revision back: only a worker that let go of it reads it again
    inputs.stored.set('east', east);
    await worker.simulate({ cluster: 'east', change, entities });
    expect(inputs.readsOfParts).toBe(3);
  });

  it('runs against the newer inputs when a refresh replaced them while they were read', async () => {
    inputs.replaceOnRead = {
      ...demo.input,
      evaluatedAt: '2026-06-01T00:10:00.000Z',
    };
    const result = await worker.simulate({
      cluster: DEMO_CLUSTER,
      change,
      entities,
    });
    expect(JSON.parse(text(result!.json)).evaluatedAt).toBe(
      '2026-06-01T00:10:00.000Z',
    );
  });

  it('answers 503 when the inputs were dropped while being read', async () => {
    inputs.dropOnRead = true;
    await expect(
      worker.simulate({ cluster: DEMO_CLUSTER, change, entities }),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        'The kept objects of cluster demo are gone (the cluster is no longer served): try again',
    });
  });

  it('answers undefined for a cluster without kept inputs', async () => {
    await expect(
      worker.simulate({ cluster: 'other', change, entities }),
    ).resolves.toBeUndefined();
    await expect(
      worker.propose({ cluster: 'other', workloads: [], entities }),
    ).resolves.toBeUndefined();
    await expect(
      worker.touched(change, [{ cluster: DEMO_CLUSTER }, { cluster: 'other' }]),
    ).resolves.toEqual({ touched: [DEMO_CLUSTER], notKept: ['other'] });
  });

  it('proposes per workload in order, and refuses with a reason the routes can tell apart', async () => {
    const proposals = await worker.propose({
      cluster: DEMO_CLUSTER,
      workloads: ['edge/api-gateway', 'payments/payment-service'],
      entities,
    });
    expect(proposals!.map(json => JSON.parse(text(json)).workload)).toEqual([
      'edge/api-gateway',
      'payments/payment-service',
    ]);

    const gone = worker.propose({
      cluster: DEMO_CLUSTER,
      workloads: ['edge/nope'],
      entities,
    });
    await expect(gone).rejects.toBeInstanceOf(ProposalRefused);
    await expect(gone).rejects.toMatchObject({
      reason: 'no-workload',
      message: 'Cluster demo: no workload edge/nope',
    });

    await inputs.keep({ ...demo.input, metrics: undefined }, 'r3');
    await expect(
      worker.propose({
        cluster: DEMO_CLUSTER,
        workloads: ['edge/api-gateway'],
        entities,
      }),
    ).rejects.toMatchObject({ reason: 'no-metrics' });
  });

  it('fails a job that outgrows the thread’s heap limit with an error naming the setting, and serves the next one', async () => {
    const small = new SimulationWorker(inputs, 32);
    try {
      await inputs.keep(
        { ...demo.input, objects: heavyPods() },
        'huge',
        1024 * 1024,
      );
      await expect(
        small.simulate({ cluster: DEMO_CLUSTER, change, entities }),
      ).rejects.toThrow(
        'the what-if worker ran out of memory: its heap is limited to 32 MB (meshSecurity.refresh.workerHeapMb)',
      );
      await inputs.keep(demo.input, 'r5');
      await expect(
        small.simulate({ cluster: DEMO_CLUSTER, change, entities }),
      ).resolves.toBeDefined();
    } finally {
      await small.close();
    }
  }, 60_000);

  it('fails a job with the reason when the stored inputs cannot be read', async () => {
    const stored = inputs.stored.get(DEMO_CLUSTER)!;
    inputs.stored.set(DEMO_CLUSTER, {
      ...stored,
      parts: [{ payload: 'not deflate', encoding: 'deflate' }],
    });
    await expect(
      worker.simulate({ cluster: DEMO_CLUSTER, change, entities }),
    ).rejects.toThrow(/a stored part does not inflate/);
    // the thread is still there for the next job
    await inputs.keep(demo.input, 'r4');
    await expect(
      worker.simulate({ cluster: DEMO_CLUSTER, change, entities }),
    ).resolves.toBeDefined();
  });
});
