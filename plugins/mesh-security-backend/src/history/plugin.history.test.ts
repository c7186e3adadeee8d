import { resolve } from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import type { JsonObject } from '@backstage/types';
import type { PostureHistory } from '@mesh-security/plugin-mesh-security-common';
import request from 'supertest';
import { component } from '../__testUtils__/fixtures';
import meshSecurityPlugin from '../index';
import { DEMO_PAST } from './demoHistory';

const MANIFESTS = resolve(__dirname, '../../../../examples/mesh/manifests');

/** The backend with the demo mesh, its made-up past, and a notifications service that keeps what it is sent. */
function demoBackend(history: JsonObject) {
  const send = jest.fn(async () => {});
  const backend = startTestBackend({
    features: [
      meshSecurityPlugin,
      mockServices.rootConfig.factory({
        data: {
          meshSecurity: {
            kubernetes: { enabled: false },
            manifests: { paths: [MANIFESTS], cluster: 'demo' },
            history,
          },
        },
      }),
      catalogServiceMock.factory({
        entities: [
          component('notification-svc', undefined, 'group:default/comms-team'),
          component('legacy-service'),
          component('payment-service'),
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'comms-team', namespace: 'default' },
            spec: { type: 'team', children: [] },
          },
        ],
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send }),
      }),
    ],
  });
  return { backend, send };
}

/** The first refresh runs at startup; until it has, routes answer 503 or no points. */
async function historyOf(
  server: Parameters<typeof request>[0],
  path: string,
): Promise<PostureHistory> {
  let res = await request(server).get(path);
  for (
    let i = 0;
    i < 150 && !(res.status === 200 && res.body.points.length);
    i++
  ) {
    await new Promise(r => setTimeout(r, 200));
    res = await request(server).get(path);
  }
  expect(res.status).toBe(200);
  return res.body;
}

// One backend that refreshes per file: the test scheduler of a second one
// aborts its first run. Without demoSeed, one point per refresh is recorded
// (recordHistory.test.ts).
describe('mesh-security posture history', () => {
  it("records each refresh and serves the demo's made-up past through the team and entity routes", async () => {
    const { backend } = demoBackend({ demoSeed: true });
    const started = await backend;
    const { server } = started;

    const team = await historyOf(
      server,
      '/api/mesh-security/groups/default/comms-team/history?days=30',
    );
    const modes = team.points.map(p => p.mtlsMode);
    expect(modes[0]).toBe('DISABLE');
    expect(modes[modes.length - 1]).toBe('PERMISSIVE');
    // the refresh's own point closes the series
    const overview = await request(server).get(
      '/api/mesh-security/entities/default/component/notification-svc',
    );
    expect(team.points[team.points.length - 1].at).toBe(
      overview.body.generatedAt,
    );

    const legacy = await historyOf(
      server,
      '/api/mesh-security/entities/default/component/legacy-service/history?days=90',
    );
    const firstSeen = Date.parse(legacy.points[0].at);
    const lastAt = Date.parse(legacy.points[legacy.points.length - 1].at);
    expect(lastAt - firstSeen).toBeLessThanOrEqual(
      DEMO_PAST.addedDaysAgo * 86_400_000,
    );
    await started.stop();
  }, 60_000);

  it('serves no history when it is turned off', async () => {
    const { backend } = demoBackend({ enabled: false });
    const started = await backend;
    const { server } = started;
    const res = await request(server).get(
      '/api/mesh-security/groups/default/comms-team/history',
    );
    expect(res.status).toBe(404);
    await started.stop();
  }, 60_000);

  it('refuses to start with a history setting out of range', async () => {
    await expect(demoBackend({ retentionDays: 120 }).backend).rejects.toThrow(
      'meshSecurity.history.retentionDays: need a whole number of days from 1 to 90, got 120',
    );
  });
});
