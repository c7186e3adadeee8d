import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import type { EntityPosture } from '@mesh-security/plugin-mesh-security-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  FAKE_CLUSTER,
  fakeClusterConfig,
  kindOfList,
  listPage,
  notFound,
} from './__testUtils__/fakeKubernetes';
import { component } from './__testUtils__/fixtures';
import { REFRESH_TASK_ID } from './refresh/scheduleRefresh';
import meshSecurityPlugin from './index';

const ENTITY = '/api/mesh-security/entities/default/component/api-gateway';
const FORBIDDEN_WARNING = 'AuthorizationPolicy: forbidden (403)';

/**
 * The real Kubernetes backend plugin against a fake API server whose
 * AuthorizationPolicies become forbidden after the first refresh, and which
 * later goes down altogether: the entity's authorization findings must
 * survive both, and the 403 must stay visible.
 */
describe('mesh-security when a kind becomes unreadable', () => {
  const server = setupServer();
  const api = { authz: 'ok' as 'ok' | 'forbidden', down: false };

  beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
  afterAll(() => server.close());

  beforeEach(() => {
    server.use(
      http.get(`${FAKE_CLUSTER.url}/*`, ({ request: req }) => {
        if (api.down) return HttpResponse.error();
        const url = new URL(req.url);
        const kind = kindOfList(url);
        if (!kind) return notFound();
        if (kind === 'AuthorizationPolicy' && api.authz === 'forbidden') {
          return HttpResponse.json(
            { kind: 'Status', reason: 'Forbidden', code: 403 },
            { status: 403 },
          );
        }
        return listPage(url, kind);
      }),
    );
  });

  it('keeps the authorization findings from the last good read and the 403 through a stale cluster', async () => {
    let scheduler: SchedulerService | undefined;
    const { server: httpServer } = await startTestBackend({
      features: [
        meshSecurityPlugin,
        kubernetesPlugin,
        // the plugin's own scheduler, to ask for the next refresh now
        createBackendModule({
          pluginId: 'mesh-security',
          moduleId: 'test-refresh-trigger',
          register(env) {
            env.registerInit({
              deps: { s: coreServices.scheduler },
              async init({ s }) {
                scheduler = s;
              },
            });
          },
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: fakeClusterConfig,
          },
        }),
        catalogServiceMock.factory({ entities: [component('api-gateway')] }),
      ],
    });

    /** The posture once a refresh newer than `after` has been stored. */
    async function postureAfter(after?: string): Promise<EntityPosture> {
      for (let i = 0; i < 150; i++) {
        const res = await request(httpServer).get(ENTITY);
        if (res.status === 200 && res.body.generatedAt !== after) {
          return res.body;
        }
        await new Promise(r => setTimeout(r, 200));
      }
      throw new Error('no new refresh');
    }
    const authz = (p: EntityPosture) =>
      p.findings
        .filter(f => f.rule.startsWith('authz-'))
        .map(f => `${f.rule} ${f.subject}`);

    const first = await postureAfter();
    expect(first.sources).toEqual([
      expect.objectContaining({ name: 'kubernetes:test-cluster', state: 'ok' }),
    ]);
    expect(authz(first).length).toBeGreaterThan(0);
    expect(first.summary.hasAuthorizationPolicy).toBe(true);
    const readAt = first.sources[0].lastSuccessAt!;

    // AuthorizationPolicies forbidden: the policies read at `readAt` stand in
    api.authz = 'forbidden';
    await scheduler!.triggerTask(REFRESH_TASK_ID);
    const second = await postureAfter(first.generatedAt);
    expect(authz(second)).toEqual(authz(first));
    expect(second.summary.worstSeverity).toBe(first.summary.worstSeverity);
    expect(second.summary.hasAuthorizationPolicy).toBe(true);
    expect(second.summary.unknownKinds).toBeUndefined();
    expect(second.sources).toEqual([
      expect.objectContaining({
        state: 'partial',
        staleKinds: [{ kind: 'AuthorizationPolicy', since: readAt }],
        warnings: expect.arrayContaining([FORBIDDEN_WARNING]),
      }),
    ]);

    // the whole cluster down: its last report is served, stale, 403 and all
    api.down = true;
    await scheduler!.triggerTask(REFRESH_TASK_ID);
    const third = await postureAfter(second.generatedAt);
    expect(authz(third)).toEqual(authz(first));
    expect(third.sources).toEqual([
      expect.objectContaining({
        state: 'stale',
        message: expect.any(String),
        staleKinds: [{ kind: 'AuthorizationPolicy', since: readAt }],
        warnings: expect.arrayContaining([FORBIDDEN_WARNING]),
      }),
    ]);
  }, 90_000);
});
