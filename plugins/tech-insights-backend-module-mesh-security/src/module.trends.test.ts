import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import techInsightsJsonRulesEngine from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import type { SchedulerService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  PostureHistory,
  PosturePoint,
} from '@mesh-security/plugin-mesh-security-common';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { commerceTeam, platformTeam } from './__fixtures__/scorecards';
import techInsightsModuleMeshSecurity from './index';

type ScheduledTask = Parameters<SchedulerService['scheduleTask']>[0];

const DAY = 86_400_000;
const END = Date.UTC(2026, 7, 1);

function point(
  daysAgo: number,
  strictShare: number,
  high: number,
): PosturePoint {
  return {
    at: new Date(END - daysAgo * DAY).toISOString(),
    mtlsMode: 'MIXED',
    workloads: 3,
    meshed: 3,
    strict: Math.round(strictShare * 3),
    strictShare,
    mtlsTrafficShare: 0.9,
    rps: 100,
    findingsBySeverity: { critical: 0, high, medium: 0, low: 0, info: 0 },
    grade: 'C',
    score: 70,
    partial: false,
  };
}

const history = (ref: string, points: PosturePoint[]): PostureHistory => ({
  subjectRef: ref,
  days: 30,
  from: new Date(END - 30 * DAY).toISOString(),
  points,
});

const histories: Record<string, PostureHistory> = {
  // 67 % → 100 % STRICT, its one high finding older than a week
  'commerce-team': history('group:default/commerce-team', [
    point(25, 2 / 3, 1),
    point(2, 1, 1),
  ]),
  // coverage held, but a high finding appeared three days ago
  'platform-team': history('group:default/platform-team', [
    point(20, 1, 0),
    point(3, 1, 1),
  ]),
};

const scorecards: Record<string, unknown> = {
  'commerce-team': commerceTeam,
  'platform-team': platformTeam,
  'comms-team': platformTeam,
};

/** The check the root README shows. */
const teamPostureNotRegressing = {
  type: 'json-rules-engine',
  name: 'Team mesh posture not regressing',
  description:
    'STRICT coverage did not fall over 30 days and no high or critical finding appeared over 7 days',
  factIds: ['meshSecurityTeamFactRetriever'],
  rule: {
    conditions: {
      all: [
        {
          fact: 'strictCoverageDelta30d',
          operator: 'greaterThanInclusive',
          value: 0,
          params: { factRetrieverId: 'meshSecurityTeamFactRetriever' },
        },
        {
          fact: 'newHighFindings7d',
          operator: 'equal',
          value: 0,
          params: { factRetrieverId: 'meshSecurityTeamFactRetriever' },
        },
      ],
    },
  },
};

const group = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});

// A backend starts per test: loading its modules can outlast jest's 5 s
// default on a loaded 2-core machine.
jest.setTimeout(60_000);

describe('team trend facts', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let backend: TestBackend;
  const asked: string[] = [];

  beforeEach(() => {
    server.use(
      http.get(
        '*/api/mesh-security/groups/:namespace/:name/scorecard',
        ({ params }) =>
          HttpResponse.json(scorecards[String(params.name)] as object),
      ),
      http.get(
        '*/api/mesh-security/groups/:namespace/:name/history',
        ({ params, request }) => {
          asked.push(`${params.name}${new URL(request.url).search}`);
          const body = histories[String(params.name)];
          if (params.name === 'comms-team')
            return HttpResponse.json(
              { error: { name: 'Error', message: 'database down' } },
              { status: 500 },
            );
          return body
            ? HttpResponse.json(body)
            : new HttpResponse(null, { status: 404 });
        },
      ),
      http.all(/^http:\/\/127\.0\.0\.1:\d+\/api\/tech-insights\//, () =>
        passthrough(),
      ),
    );
  });

  afterEach(async () => {
    await backend?.stop();
  });

  it('stores the trend of each team beside its scorecard, and the README check reads it', async () => {
    const tasks = new Map<string, ScheduledTask>();
    backend = await startTestBackend({
      features: [
        techInsightsPlugin,
        techInsightsJsonRulesEngine,
        techInsightsModuleMeshSecurity,
        catalogServiceMock.factory({
          entities: [
            group('commerce-team'),
            group('platform-team'),
            group('comms-team'),
          ],
        }),
        mockServices.scheduler.mock({
          scheduleTask: async task => {
            tasks.set(task.id, task);
          },
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            techInsights: {
              factRetrievers: {
                meshSecurityTeamFactRetriever: { cadence: '0 * * * *' },
              },
              factChecker: { checks: { teamPostureNotRegressing } },
            },
          },
        }),
      ],
    });
    await tasks
      .get('meshSecurityTeamFactRetriever')!
      .fn(new AbortController().signal);
    expect(asked.sort()).toEqual([
      'commerce-team?days=30',
      'comms-team?days=30',
      'platform-team?days=30',
    ]);

    const base = `http://127.0.0.1:${backend.server.port()}/api/tech-insights`;
    const facts = async (name: string) =>
      (
        await (
          await fetch(
            `${base}/facts/latest?entity=group:default/${name}&ids=meshSecurityTeamFactRetriever`,
          )
        ).json()
      ).meshSecurityTeamFactRetriever?.facts;
    const check = async (name: string) =>
      (
        await (
          await fetch(`${base}/checks/run/default/group/${name}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          })
        ).json()
      )[0]?.result;

    expect(await facts('commerce-team')).toMatchObject({
      grade: commerceTeam.grade,
      strictCoverageDelta30d: 0.3333,
      newHighFindings7d: 0,
    });
    expect(await facts('platform-team')).toMatchObject({
      strictCoverageDelta30d: 0,
      newHighFindings7d: 1,
    });
    // the history could not be read: the scorecard facts stay, the trend is unknown
    expect(await facts('comms-team')).toMatchObject({
      grade: platformTeam.grade,
      strictCoverageDelta30d: null,
      newHighFindings7d: null,
    });
    expect(await check('commerce-team')).toBe(true);
    expect(await check('platform-team')).toBe(false);
    // unknown never passes
    expect(await check('comms-team')).toBe(false);
  });
});
