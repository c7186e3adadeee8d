import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import { deployment, evaluate, namespace, pod } from './__testUtils__/builders';

const owned = (
  kind: string,
  name: string,
  ns: string,
  owner?: { kind: string; name: string },
): KubeObject => ({
  apiVersion: kind === 'Job' ? 'batch/v1' : 'apps/v1',
  kind,
  metadata: {
    name,
    namespace: ns,
    ...(owner
      ? {
          ownerReferences: [
            { kind: owner.kind, name: owner.name, controller: true },
          ],
        }
      : {}),
  },
  spec: {},
});

describe('workload identity through the owner chain', () => {
  it('names a Deployment through its ReplicaSet and aggregates its pods', () => {
    const r = evaluate([
      namespace('shop'),
      deployment('shop', 'orders', { replicas: 3 }),
    ]);
    expect(Object.keys(r.workloads)).toEqual(['shop/orders']);
    expect(r.workloads['shop/orders']).toMatchObject({
      kind: 'Deployment',
      name: 'orders',
      namespace: 'shop',
    });
    expect(r.workloads['shop/orders'].pods).toHaveLength(3);
  });

  it('derives the Deployment from the pod-template-hash when the ReplicaSet is absent', () => {
    const r = evaluate([
      namespace('shop'),
      deployment('shop', 'orders', { withReplicaSet: false }),
    ]);
    expect(r.workloads['shop/orders']).toMatchObject({ kind: 'Deployment' });
  });

  it('keeps a ReplicaSet name when there is no matching pod-template-hash and no object', () => {
    const r = evaluate([
      namespace('shop'),
      pod('shop', 'rs-abc12', {
        owner: { kind: 'ReplicaSet', name: 'legacy-rs' },
      }),
    ]);
    expect(r.workloads['shop/legacy-rs']).toMatchObject({ kind: 'ReplicaSet' });
  });

  it('follows a Job to its CronJob, from the object or from the name', () => {
    const r = evaluate([
      namespace('batch'),
      owned('Job', 'report-28791234', 'batch', {
        kind: 'CronJob',
        name: 'report',
      }),
      pod('batch', 'report-28791234-x1', {
        owner: { kind: 'Job', name: 'report-28791234' },
      }),
      pod('batch', 'cleanup-28790000-y2', {
        owner: { kind: 'Job', name: 'cleanup-28790000' },
      }),
      owned('Job', 'migrate', 'batch'),
      pod('batch', 'migrate-z3', { owner: { kind: 'Job', name: 'migrate' } }),
    ]);
    expect(r.workloads['batch/report']).toMatchObject({ kind: 'CronJob' });
    expect(r.workloads['batch/cleanup']).toMatchObject({ kind: 'CronJob' });
    expect(r.workloads['batch/migrate']).toMatchObject({ kind: 'Job' });
  });

  it('names StatefulSet and DaemonSet pods after their controller, bare pods after themselves', () => {
    const r = evaluate([
      namespace('data'),
      pod('data', 'db-0', { owner: { kind: 'StatefulSet', name: 'db' } }),
      pod('data', 'db-1', { owner: { kind: 'StatefulSet', name: 'db' } }),
      pod('data', 'agent-x', { owner: { kind: 'DaemonSet', name: 'agent' } }),
      pod('data', 'debug'),
    ]);
    expect(r.workloads['data/db']).toMatchObject({
      kind: 'StatefulSet',
      pods: ['db-0', 'db-1'],
    });
    expect(r.workloads['data/agent']).toMatchObject({ kind: 'DaemonSet' });
    expect(r.workloads['data/debug']).toMatchObject({ kind: 'Pod' });
  });

  it('does not report a Deployment that has no pods, nor finished pods', () => {
    const r = evaluate([
      namespace('shop'),
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'scaled-to-zero', namespace: 'shop' },
        spec: {},
      },
      pod('shop', 'done', { phase: 'Succeeded' }),
    ]);
    expect(r.workloads).toEqual({});
  });
});
