import { resolve } from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { SimulationResponse } from '@mesh-security/plugin-mesh-security-common';
import request from 'supertest';
import meshSecurityPlugin from '../index';
import { ALLOW_INGRESS, demoMesh } from './__testUtils__/demoMesh';

const EXAMPLES = resolve(__dirname, '../../../../examples/mesh');

describe('what-if in the plugin', () => {
  it('simulates against the objects the refresh kept in the database, never the cluster', async () => {
    const { server } = await startTestBackend({
      features: [
        meshSecurityPlugin,
        mockServices.rootConfig.factory({
          data: {
            meshSecurity: {
              kubernetes: { enabled: false },
              manifests: { paths: [`${EXAMPLES}/manifests`], cluster: 'demo' },
              metrics: { snapshotPath: `${EXAMPLES}/metrics-snapshot.json` },
              history: { enabled: false },
            },
          },
        }),
        catalogServiceMock.factory({ entities: demoMesh().entities }),
      ],
    });
    const simulate = () =>
      request(server).post('/api/mesh-security/simulate').send({
        yaml: ALLOW_INGRESS,
        entityRef: 'component:default/api-gateway',
      });
    // the first refresh runs once the backend has started
    let res = await simulate();
    for (let i = 0; i < 100 && res.status === 503; i++) {
      await new Promise(r => setTimeout(r, 200));
      res = await simulate();
    }
    expect(res.status).toBe(200);
    const body: SimulationResponse = res.body;
    expect(body.clusters.map(c => c.cluster)).toEqual(['demo']);
    expect(
      body.clusters[0].findingsRemoved.map(f => [f.rule, f.subject]),
    ).toEqual([['authz-observed-caller-denied', 'edge/api-gateway']]);
    expect(body.clusters[0].flows).toEqual([
      expect.objectContaining({
        source: 'istio-system/istio-ingressgateway',
        outcome: 'restored',
        rate: 4988,
      }),
    ]);

    // the permission is registered with the others
    const metadata = await request(server).get(
      '/api/mesh-security/.well-known/backstage/permissions/metadata',
    );
    expect(metadata.body.permissions).toContainEqual(
      expect.objectContaining({
        name: 'mesh-security.simulate',
        type: 'basic',
      }),
    );
  }, 60_000);
});
