import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { component } from './__testUtils__/fixtures';
import meshSecurityPlugin from './index';

const MANIFESTS = resolve(__dirname, '../../../examples/mesh/manifests');

// A suppress annotation naming a rule that does not exist: the CLI refuses
// it; the portal must say it was not applied, not drop it in silence.
const MISANNOTATED = `apiVersion: v1
kind: Service
metadata:
  name: misannotated
  namespace: comms
  annotations:
    mesh-security.io/suppress: mtls-permisive
spec:
  selector:
    app: notification-svc
  ports:
    - port: 80
`;

describe('what the engine skipped', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mesh-warnings-'));
    await cp(MANIFESTS, dir, { recursive: true });
    await writeFile(join(dir, 'misannotated.yaml'), MISANNOTATED);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is listed in the warnings of the cluster it came from', async () => {
    const { server } = await startTestBackend({
      features: [
        meshSecurityPlugin,
        mockServices.rootConfig.factory({
          data: {
            meshSecurity: {
              kubernetes: { enabled: false },
              manifests: { paths: [dir], cluster: 'demo' },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [component('notification-svc')],
        }),
      ],
    });
    const path =
      '/api/mesh-security/entities/default/component/notification-svc';
    let res = await request(server).get(path);
    for (let i = 0; i < 150 && res.status === 503; i++) {
      await new Promise(r => setTimeout(r, 200));
      res = await request(server).get(path);
    }
    expect(res.status).toBe(200);
    const manifests = res.body.sources.find(
      (s: { kind: string }) => s.kind === 'manifests',
    );
    expect(manifests.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining('mtls-permisive')]),
    );
  }, 60_000);
});
