import { CacheManager } from '@backstage/backend-defaults/cache';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PostureHistory } from '@mesh-security/plugin-mesh-security-common';
import express from 'express';
import request from 'supertest';
import { component, group } from '../__testUtils__/fixtures';
import { createRouter, RouterOptions } from '../router/createRouter';
import { point } from './__testUtils__/historyFixtures';
import type { HistoryStore } from './HistoryStore';
import { MS_PER_DAY } from './types';

const NOW = Date.UTC(2026, 2, 10, 12);

const entities = [
  component('payment-service'),
  component('legacy-service'),
  group('commerce-team', 'Commerce'),
];

/** A store that answers from a list and counts its queries. */
function fakeStore() {
  const points = [
    point('component:default/payment-service', NOW - 40 * MS_PER_DAY),
    point('component:default/payment-service', NOW - 20 * MS_PER_DAY, {
      strict: 1,
    }),
    point('component:default/payment-service', NOW - MS_PER_DAY),
    point('group:default/commerce-team', NOW - MS_PER_DAY, { scope: 'team' }),
  ];
  const reads: Array<[string, string, number]> = [];
  const store: Pick<HistoryStore, 'read'> = {
    read: async (scope, subject, since) => {
      reads.push([scope, subject, since]);
      return points.filter(
        p =>
          p.scope === scope &&
          p.subject === subject.toLocaleLowerCase('en-US') &&
          p.at >= since,
      );
    },
  };
  return { store, reads };
}

async function app(overrides: Partial<RouterOptions> = {}) {
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions(),
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth({ pluginId: 'mesh-security' }),
    cache: CacheManager.fromConfig(mockServices.rootConfig()).forPlugin(
      'mesh-security',
    ),
    entityCacheTtlMs: 30_000,
    store: { current: async () => undefined },
    history: { store: fakeStore().store, clock: () => NOW },
    ...overrides,
  });
  return express().use(router).use(mockErrorHandler());
}

describe('history routes', () => {
  it("serves an entity's last N days in one query, oldest first", async () => {
    const { store, reads } = fakeStore();
    const res = await request(
      await app({ history: { store, clock: () => NOW } }),
    ).get('/entities/default/Component/payment-service/history?days=30');
    expect(res.status).toBe(200);
    const body: PostureHistory = res.body;
    expect(body.subjectRef).toBe('component:default/payment-service');
    expect(body.days).toBe(30);
    expect(body.from).toBe(new Date(NOW - 30 * MS_PER_DAY).toISOString());
    expect(body.points.map(p => [p.at, p.strictShare])).toEqual([
      [new Date(NOW - 20 * MS_PER_DAY).toISOString(), 0.5],
      [new Date(NOW - MS_PER_DAY).toISOString(), 1],
    ]);
    expect(reads).toEqual([
      ['entity', 'component:default/payment-service', NOW - 30 * MS_PER_DAY],
    ]);
  });

  it('answers 30 days without ?days, and an empty list for an entity without points', async () => {
    const server = await app();
    const res = await request(server).get(
      '/entities/default/component/legacy-service/history',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ days: 30, points: [] });
  });

  it.each(['0', '91', 'abc', '7.5'])('answers 400 for days=%s', async days => {
    const server = await app();
    for (const path of [
      '/entities/default/component/payment-service/history',
      '/groups/default/commerce-team/history',
    ]) {
      const res = await request(server).get(`${path}?days=${days}`);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(/^Invalid request: days /);
    }
  });

  it('authorizes catalog.entity.read on the entity, and answers a denied one as a missing one', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            'resourceRef' in r &&
            r.resourceRef === 'component:default/payment-service'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    const { store, reads } = fakeStore();
    const server = await app({
      permissions,
      history: { store, clock: () => NOW },
    });
    const denied = await request(server)
      .get('/entities/default/component/payment-service/history')
      .set('Authorization', mockCredentials.user.header('user:default/jane'));
    const missing = await request(server).get(
      '/entities/default/component/nope/history',
    );
    expect(denied.status).toBe(404);
    expect(denied.body.error.message).toBe(
      'No entity component:default/payment-service',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('No entity component:default/nope');
    expect(reads).toEqual([]);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'catalog.entity.read' }),
          resourceRef: 'component:default/payment-service',
        },
      ],
      { credentials: mockCredentials.user('user:default/jane') },
    );
  });

  it("serves a team's history, under mesh-security.read", async () => {
    const res = await request(await app()).get(
      '/groups/default/commerce-team/history?days=7',
    );
    expect(res.status).toBe(200);
    expect(res.body.subjectRef).toBe('group:default/commerce-team');
    expect(res.body.points).toHaveLength(1);

    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.DENY })),
    });
    const denied = await request(await app({ permissions })).get(
      '/groups/default/commerce-team/history',
    );
    expect(denied.status).toBe(403);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: expect.objectContaining({ name: 'mesh-security.read' }) }],
      { credentials: mockCredentials.user() },
    );
  });

  it('answers 404 for a group that does not exist', async () => {
    const server = await app();
    const missing = await request(server).get('/groups/default/nobody/history');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('No group group:default/nobody');
  });

  it('requires credentials', async () => {
    const server = await app({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    for (const path of [
      '/entities/default/component/payment-service/history',
      '/groups/default/commerce-team/history',
    ]) {
      expect((await request(server).get(path)).status).toBe(401);
    }
  });

  it('answers 404 with the reason when history is turned off', async () => {
    const res = await request(await app({ history: undefined })).get(
      '/entities/default/component/payment-service/history',
    );
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'Posture history is turned off (meshSecurity.history.enabled is false)',
    );
  });
});
