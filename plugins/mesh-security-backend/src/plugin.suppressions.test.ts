import { resolve } from 'node:path';
import type { JsonValue } from '@backstage/types';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EntityPosture } from '@mesh-security/plugin-mesh-security-common';
import request from 'supertest';
import { component } from './__testUtils__/fixtures';
import meshSecurityPlugin from './index';

const MANIFESTS = resolve(__dirname, '../../../examples/mesh/manifests');

function backendWith(suppressions: JsonValue) {
  return startTestBackend({
    features: [
      meshSecurityPlugin,
      mockServices.rootConfig.factory({
        data: {
          meshSecurity: {
            kubernetes: { enabled: false },
            manifests: { paths: [MANIFESTS], cluster: 'demo' },
            suppressions,
          },
        },
      }),
      catalogServiceMock.factory({
        entities: [component('notification-svc')],
      }),
    ],
  });
}

describe('meshSecurity.suppressions', () => {
  it('moves configured findings to `suppressed` on the entity and overview routes', async () => {
    const { server } = await backendWith([
      {
        rule: 'mtls-permissive',
        subject: 'comms/*',
        reason: 'moving to STRICT after the Q3 release',
        until: '2999-12-31',
      },
    ]);
    const path =
      '/api/mesh-security/entities/default/component/notification-svc';
    let res = await request(server).get(path);
    for (let i = 0; i < 100 && res.status === 503; i++) {
      await new Promise(r => setTimeout(r, 200));
      res = await request(server).get(path);
    }
    expect(res.status).toBe(200);
    const posture: EntityPosture = res.body;
    expect(posture.findings.map(f => f.rule)).not.toContain('mtls-permissive');
    expect(posture.suppressed).toEqual([
      expect.objectContaining({
        rule: 'mtls-permissive',
        subject: 'comms/notification-svc',
        cluster: 'demo',
        suppression: {
          by: 'config',
          reason: 'moving to STRICT after the Q3 release',
          until: '2999-12-31',
        },
      }),
    ]);

    const overview = await request(server).get('/api/mesh-security/overview');
    expect(overview.status).toBe(200);
    expect(
      overview.body.suppressed.map((f: { subject: string }) => f.subject),
    ).toEqual(['comms/notification-svc']);
    expect(
      overview.body.findings.map((f: { rule: string }) => f.rule),
    ).not.toContain('mtls-permissive');
  }, 60_000);

  it.each([
    [
      [{ rule: 'mtls-permisive', subject: 'comms/*', reason: 'r' }],
      'meshSecurity.suppressions[0]: unknown rule "mtls-permisive"',
    ],
    [
      [
        { rule: 'mtls-permissive', subject: 'comms/*', reason: 'r' },
        { rule: 'mtls-permissive', subject: 'comms', reason: 'r' },
      ],
      'meshSecurity.suppressions[1]: subject "comms" must be "namespace/name"',
    ],
    [
      [
        {
          rule: 'mtls-permissive',
          subject: 'comms/*',
          reason: 'r',
          until: '2026-02-30',
        },
      ],
      'meshSecurity.suppressions[0]: until "2026-02-30" is not a real date',
    ],
    [
      { rule: 'mtls-permissive', subject: 'comms/*', reason: 'r' },
      'meshSecurity.suppressions: must be a list',
    ],
  ])('refuses to start with a malformed entry (%j)', async (value, message) => {
    await expect(backendWith(value)).rejects.toThrow(message);
  });
});
