import type {
  KubeObject,
  MeshReport,
} from '@mesh-security/plugin-mesh-security-common';
import type { EngineInput } from '@mesh-security/mesh-security-engine';
import { ClusterJob, ClusterJobRunner } from './clusterJob';

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

function job(objects: KubeObject[], objectsReduced?: boolean): ClusterJob {
  return {
    read: {
      cluster: 'prod',
      objects,
      status: { name: 'kubernetes:prod', kind: 'kubernetes', state: 'ok' },
    },
    now: '2026-12-06T00:00:00.000Z',
    generatedAt: '2026-12-06T00:00:00.000Z',
    objectsReduced,
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

  it('reduces what it is handed to what the engine reads', () => {
    runner.run(job([served]));
    const [object] = evaluated[0].objects;
    expect(object).not.toBe(served);
    expect(object.metadata).not.toHaveProperty('managedFields');
  });

  it('evaluates a read reduced already as it is, without another copy', () => {
    runner.run(job([served], true));
    expect(evaluated[0].objects[0]).toBe(served);
  });
});
