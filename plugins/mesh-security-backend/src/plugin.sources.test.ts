import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import {
  meshSecuritySourcesExtensionPoint,
  type ClusterObjectSource,
} from '@mesh-security/plugin-mesh-security-node';
import request from 'supertest';
import { component } from './__testUtils__/fixtures';
import meshSecurityPlugin from './index';

// A team's own cluster inventory: one namespace, one meshed pod, PERMISSIVE.
const INVENTORY: KubeObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'inventory', labels: { 'istio-injection': 'enabled' } },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'stock-svc-1',
      namespace: 'inventory',
      labels: { app: 'stock-svc', 'backstage.io/kubernetes-id': 'stock-svc' },
      annotations: { 'sidecar.istio.io/status': '{}' },
    },
    spec: {
      serviceAccountName: 'stock-svc',
      containers: [{ name: 'app' }, { name: 'istio-proxy' }],
    },
  },
  {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace: 'inventory' },
    spec: { mtls: { mode: 'PERMISSIVE' } },
  },
];

function inventorySource(reads: { count: number }): ClusterObjectSource {
  return {
    name: 'inventory',
    async read() {
      reads.count++;
      return [
        {
          cluster: 'stock-cluster',
          objects: INVENTORY,
          status: { name: 'inventory', kind: 'custom', state: 'ok' },
        },
      ];
    },
  };
}

function moduleAdding(source: ClusterObjectSource) {
  return createBackendModule({
    pluginId: 'mesh-security',
    moduleId: 'inventory-source',
    register(env) {
      env.registerInit({
        deps: { sources: meshSecuritySourcesExtensionPoint },
        async init({ sources }) {
          sources.addClusterSource(source);
        },
      });
    },
  });
}

async function postureOf(server: Parameters<typeof request>[0]) {
  const path = '/api/mesh-security/entities/default/component/stock-svc';
  let res = await request(server).get(path);
  for (let i = 0; i < 150 && res.status === 503; i++) {
    await new Promise(r => setTimeout(r, 200));
    res = await request(server).get(path);
  }
  return res;
}

describe('meshSecuritySourcesExtensionPoint', () => {
  it('reads a cluster source a backend module adds, beside the built-in ones', async () => {
    const reads = { count: 0 };
    const { server } = await startTestBackend({
      features: [
        meshSecurityPlugin,
        moduleAdding(inventorySource(reads)),
        mockServices.rootConfig.factory({
          data: { meshSecurity: { kubernetes: { enabled: false } } },
        }),
        catalogServiceMock.factory({ entities: [component('stock-svc')] }),
      ],
    });
    const res = await postureOf(server);
    expect(res.status).toBe(200);
    expect(reads.count).toBeGreaterThan(0);
    expect(res.body.sources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'inventory', kind: 'custom' }),
      ]),
    );
    expect(res.body.workloads).toEqual([
      expect.objectContaining({
        cluster: 'stock-cluster',
        namespace: 'inventory',
        pods: ['stock-svc-1'],
        mtlsMode: 'PERMISSIVE',
      }),
    ]);
  }, 60_000);

  it('refuses to start with two sources of the same name', async () => {
    const reads = { count: 0 };
    await expect(
      startTestBackend({
        features: [
          meshSecurityPlugin,
          moduleAdding(inventorySource(reads)),
          createBackendModule({
            pluginId: 'mesh-security',
            moduleId: 'second-inventory',
            register(env) {
              env.registerInit({
                deps: { sources: meshSecuritySourcesExtensionPoint },
                async init({ sources }) {
                  sources.addClusterSource(inventorySource(reads));
                },
              });
            },
          }),
          mockServices.rootConfig.factory({
            data: { meshSecurity: { kubernetes: { enabled: false } } },
          }),
          catalogServiceMock.factory({ entities: [] }),
        ],
      }),
    ).rejects.toThrow("two cluster sources are named 'inventory'");
  }, 60_000);
});
