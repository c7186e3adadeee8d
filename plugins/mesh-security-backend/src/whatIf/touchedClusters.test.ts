import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import { touchedClusters } from './touchedClusters';
import type { SimulationInput } from './SimulationInputStore';

const ns = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});
const deployment = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
});
const cluster = (name: string, objects: KubeObject[]) => ({
  input: {
    cluster: name,
    evaluatedAt: '2026-06-01T00:00:00.000Z',
    objects,
  } satisfies SimulationInput,
  rootNamespace: 'istio-system',
});

const prod = cluster('prod', [ns('payments'), deployment('payments', 'api')]);
const staging = cluster('staging', [deployment('shop', 'web')]);
const policy = (namespace: string): KubeObject => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name: 'default', namespace },
  spec: { mtls: { mode: 'STRICT' } },
});
const names = (change: Parameters<typeof touchedClusters>[0]) =>
  touchedClusters(change, [prod, staging]).map(i => i.cluster);

describe('touchedClusters', () => {
  it('picks the clusters holding a namespace the change touches', () => {
    expect(names({ apply: [policy('payments')], delete: [] })).toEqual([
      'prod',
    ]);
    // a namespace known only by the objects in it
    expect(names({ apply: [policy('shop')], delete: [] })).toEqual(['staging']);
    expect(
      names({
        apply: [],
        delete: [{ kind: 'Namespace', name: 'shop' }],
      }),
    ).toEqual(['staging']);
  });

  it('takes a change of the root namespace as touching every cluster: it applies mesh-wide', () => {
    expect(names({ apply: [policy('istio-system')], delete: [] })).toEqual([
      'prod',
      'staging',
    ]);
  });

  it('touches none for a namespace no cluster has', () => {
    expect(names({ apply: [policy('elsewhere')], delete: [] })).toEqual([]);
  });
});
