import type {
  KubeObject,
  MeshReport,
} from '@mesh-security/plugin-mesh-security-common';
import type { EngineInput } from '@mesh-security/mesh-security-engine';
import { ClusterJob, ClusterJobRunner, reduceRead } from './clusterJob';

const served: KubeObject = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name: 'shop',
    managedFields: [{ manager: 'kubectl' }],
  } as KubeObject['metadata'],
};

const emptyReport = {
  generatedAt: '2026-12-06T00:00:00.000Z',
  workloads: {},
  services: [],
  findings: [],
} as unknown as MeshReport;

function job(objects: KubeObject[]): ClusterJob {
  return {
    read: {
      cluster: 'prod',
      objects,
      status: { name: 'kubernetes:prod', kind: 'kubernetes', state: 'ok' },
    },
    now: '2026-12-06T00:00:00.000Z',
    generatedAt: '2026-12-06T00:00:00.000Z',
  };
}

describe('ClusterJobRunner', () => {
  const evaluated: EngineInput[] = [];
  const runner = new ClusterJobRunner(input => {
    evaluated.push(input);
    return emptyReport;
  });
  beforeEach(() => {
    evaluated.length = 0;
  });

  it('evaluates the objects as it is handed them, reduced where they entered', () => {
    runner.run(job([served]));
    expect(evaluated[0].objects[0]).toBe(served);
  });
});

describe('reduceRead', () => {
  it('cuts the objects and the lists kept as last good to what the engine reads', () => {
    const read = reduceRead({
      ...job([served]).read,
      lists: [
        { list: 'Namespace', keepLastGood: true, objects: [served] },
        { list: 'Pod', keepLastGood: false, objects: [served] },
        { list: 'Service', keepLastGood: true, failed: 'forbidden (403)' },
      ],
    });
    expect(read.objects[0].metadata).toEqual({ name: 'shop' });
    expect(read.lists![0].objects![0].metadata).toEqual({ name: 'shop' });
    // lists not kept as last good are only read through `objects`
    expect(read.lists![1].objects![0]).toBe(served);
    expect(read.lists![2]).toEqual({
      list: 'Service',
      keepLastGood: true,
      failed: 'forbidden (403)',
    });
  });
});
