import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import techInsightsJsonRulesEngine from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import type { SchedulerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import {
  legacyService,
  paymentService,
  undeployedService,
} from './__fixtures__/postures';
import {
  commerceTeam,
  emptyTeam,
  platformTeam,
  undeployedTeam,
} from './__fixtures__/scorecards';
import techInsightsModuleMeshSecurity from './index';

type ScheduledTask = Parameters<SchedulerService['scheduleTask']>[0];

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      owner: 'group:default/commerce-team',
      lifecycle: 'production',
    },
  };
}

function group(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

const entities = [
  component('payment-service', {
    'backstage.io/kubernetes-id': 'payment-service',
  }),
  component('legacy-service', {
    'backstage.io/kubernetes-label-selector': 'app=legacy-service',
  }),
  component('new-service', { 'backstage.io/kubernetes-id': 'new-service' }),
  component('gone-service', { 'backstage.io/kubernetes-id': 'gone-service' }),
  component('docs-site', {}),
  group('commerce-team'),
  group('platform-team'),
  group('docs-team'),
  group('new-team'),
  group('gone-team'),
];

const postures: Record<string, unknown> = {
  'payment-service': paymentService,
  'legacy-service': legacyService,
  'new-service': undeployedService,
};

const scorecards: Record<string, unknown> = {
  'commerce-team': commerceTeam,
  'platform-team': platformTeam,
  'docs-team': emptyTeam,
  'new-team': undeployedTeam,
};

const byMeshSecurityFactRetriever = {
  factRetrieverId: 'meshSecurityFactRetriever',
};

/** The checks as the README documents them. */
const checks = {
  mtlsStrict: {
    type: 'json-rules-engine',
    name: 'mTLS is STRICT',
    description: 'Every workload of the entity only accepts mTLS',
    factIds: ['meshSecurityFactRetriever'],
    rule: {
      conditions: {
        all: [
          {
            fact: 'mtlsMode',
            operator: 'equal',
            value: 'STRICT',
            params: byMeshSecurityFactRetriever,
          },
        ],
      },
    },
  },
  noPlaintextTraffic: {
    type: 'json-rules-engine',
    name: 'No plaintext traffic',
    description: 'No caller was observed sending plaintext to the entity',
    factIds: ['meshSecurityFactRetriever'],
    rule: {
      conditions: {
        all: [
          {
            fact: 'plaintextCallers',
            operator: 'equal',
            value: 0,
            params: byMeshSecurityFactRetriever,
          },
        ],
      },
    },
  },
  noCriticalMeshFindings: {
    type: 'json-rules-engine',
    name: 'No critical mesh findings',
    description: 'No critical mesh security finding applies to the entity',
    factIds: ['meshSecurityFactRetriever'],
    rule: {
      conditions: {
        all: [
          {
            fact: 'criticalFindings',
            operator: 'equal',
            value: 0,
            params: byMeshSecurityFactRetriever,
          },
        ],
      },
    },
  },
  gradeAtLeastB: {
    type: 'json-rules-engine',
    name: 'Mesh security grade A or B',
    description: 'The mesh security grade of the entity is A or B',
    factIds: ['meshSecurityFactRetriever'],
    rule: {
      conditions: {
        all: [
          {
            fact: 'grade',
            operator: 'in',
            value: ['A', 'B'],
            params: byMeshSecurityFactRetriever,
          },
        ],
      },
    },
  },
  teamGradeAtLeastB: {
    type: 'json-rules-engine',
    name: 'Team mesh security grade A or B',
    description:
      'The mesh security scorecard of the team (its Group page) is graded A or B',
    factIds: ['meshSecurityTeamFactRetriever'],
    rule: {
      conditions: {
        all: [
          {
            fact: 'grade',
            operator: 'in',
            value: ['A', 'B'],
            params: { factRetrieverId: 'meshSecurityTeamFactRetriever' },
          },
        ],
      },
    },
  },
};

const factRetrievers = {
  meshSecurityFactRetriever: {
    cadence: '*/15 * * * *',
    lifecycle: { timeToLive: { weeks: 2 } },
  },
  meshSecurityTeamFactRetriever: {
    cadence: '0 * * * *',
    lifecycle: { timeToLive: { weeks: 2 } },
  },
};

// Each test starts a backend; the first one loads every module, which takes
// longer than jest's 5 s default on a loaded 2-core machine.
jest.setTimeout(60_000);

describe('techInsightsModuleMeshSecurity', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const requested: string[] = [];
  const requestedGroups: string[] = [];
  let backend: TestBackend;

  beforeEach(async () => {
    requested.length = 0;
    requestedGroups.length = 0;
    server.use(
      http.get(
        '*/api/mesh-security/entities/:namespace/:kind/:name',
        ({ params, request: req }) => {
          requested.push(String(params.name));
          if (!req.headers.get('authorization')?.startsWith('Bearer ')) {
            return new HttpResponse(null, { status: 401 });
          }
          const body = postures[String(params.name)];
          return body
            ? HttpResponse.json(body)
            : HttpResponse.json(
                { error: { name: 'NotFoundError', message: 'unknown' } },
                { status: 404 },
              );
        },
      ),
      http.get(
        '*/api/mesh-security/groups/:namespace/:name/scorecard',
        ({ params, request: req }) => {
          requestedGroups.push(String(params.name));
          if (!req.headers.get('authorization')?.startsWith('Bearer ')) {
            return new HttpResponse(null, { status: 401 });
          }
          const body = scorecards[String(params.name)];
          return body
            ? HttpResponse.json(body)
            : HttpResponse.json(
                { error: { name: 'NotFoundError', message: 'No group' } },
                { status: 404 },
              );
        },
      ),
      // no team history here: its trend facts are null (module.trends.test.ts serves one)
      http.get(
        '*/api/mesh-security/groups/:namespace/:name/history',
        () => new HttpResponse(null, { status: 404 }),
      ),
      // supertest's calls to the test backend itself
      http.all(/^http:\/\/127\.0\.0\.1:\d+\/api\/tech-insights\//, () =>
        passthrough(),
      ),
    );
  });

  afterEach(async () => {
    await backend?.stop();
  });

  /** Starts the backend; returns the tasks tech-insights scheduled, to run them by hand. */
  async function start(config: object) {
    const tasks = new Map<string, ScheduledTask>();
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: async task => {
        tasks.set(task.id, task);
      },
    });
    backend = await startTestBackend({
      features: [
        techInsightsPlugin,
        techInsightsJsonRulesEngine,
        techInsightsModuleMeshSecurity,
        catalogServiceMock.factory({ entities }),
        scheduler.factory,
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    return tasks;
  }

  function call(path: string, init?: RequestInit) {
    return fetch(
      `http://127.0.0.1:${backend.server.port()}/api/tech-insights${path}`,
      init,
    );
  }

  async function runChecks(name: string, kind = 'component') {
    const res = await call(`/checks/run/default/${kind}/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Array<{
      check: { id: string };
      result: boolean;
    }>;
    return Object.fromEntries(body.map(r => [r.check.id, r.result]));
  }

  it('stores posture facts that the json-rules-engine checks pass and fail on', async () => {
    const tasks = await start({
      techInsights: { factRetrievers, factChecker: { checks } },
    });

    const task = tasks.get('meshSecurityFactRetriever');
    expect(task?.frequency).toEqual({ cron: '*/15 * * * *' });
    await task!.fn(new AbortController().signal);

    // only entities with the Kubernetes annotations are asked about
    expect(requested.sort()).toEqual([
      'gone-service',
      'legacy-service',
      'new-service',
      'payment-service',
    ]);

    expect(await runChecks('payment-service')).toEqual({
      mtlsStrict: true,
      noPlaintextTraffic: true,
      noCriticalMeshFindings: true,
      gradeAtLeastB: true,
    });
    expect(await runChecks('legacy-service')).toEqual({
      mtlsStrict: false,
      noPlaintextTraffic: false,
      // it has a high and a medium finding, but no critical one
      noCriticalMeshFindings: true,
      gradeAtLeastB: false,
    });
    // annotated but no workload found: unknown never passes
    expect(await runChecks('new-service')).toEqual({
      mtlsStrict: false,
      noPlaintextTraffic: false,
      noCriticalMeshFindings: false,
      gradeAtLeastB: false,
    });
    // unknown to mesh-security (404): no facts, so the checker runs nothing
    expect(await runChecks('gone-service')).toEqual({});

    const facts = await call(
      `/facts/latest?entity=${encodeURIComponent(
        'component:default/legacy-service',
      )}&ids=meshSecurityFactRetriever`,
    );
    expect(facts.status).toBe(200);
    expect((await facts.json()).meshSecurityFactRetriever.facts).toMatchObject({
      mtlsMode: 'NONE',
      plaintextCallers: 1,
      plaintextCallerWorkloads: ['shop/order-service'],
      highFindings: 1,
      grade: 'F',
    });
  });

  it("stores each group's scorecard grade as its fact, and checks it", async () => {
    const tasks = await start({
      techInsights: { factRetrievers, factChecker: { checks } },
    });

    const task = tasks.get('meshSecurityTeamFactRetriever');
    expect(task?.frequency).toEqual({ cron: '0 * * * *' });
    await task!.fn(new AbortController().signal);

    // every group is asked about, and no component's posture
    expect(requestedGroups.sort()).toEqual([
      'commerce-team',
      'docs-team',
      'gone-team',
      'new-team',
      'platform-team',
    ]);
    expect(requested).toEqual([]);

    async function teamFacts(name: string) {
      const res = await call(
        `/facts/latest?entity=${encodeURIComponent(
          `group:default/${name}`,
        )}&ids=meshSecurityTeamFactRetriever`,
      );
      expect(res.status).toBe(200);
      return (await res.json()).meshSecurityTeamFactRetriever?.facts;
    }

    // the grade the Group page shows is the grade the facts hold
    expect(await teamFacts('commerce-team')).toEqual({
      grade: commerceTeam.grade,
      score: commerceTeam.score,
      services: 3,
      strictShare: commerceTeam.strictShare,
      mtlsTrafficShare: commerceTeam.mtlsTrafficShare,
      criticalFindings: 0,
      highFindings: 1,
      strictCoverageDelta30d: null,
      newHighFindings7d: null,
    });
    expect((await teamFacts('platform-team')).grade).toBe(platformTeam.grade);
    expect((await teamFacts('docs-team')).grade).toBeNull();
    expect(await teamFacts('new-team')).toMatchObject({
      grade: null,
      score: null,
      services: 2,
      criticalFindings: null,
    });
    expect(await teamFacts('gone-team')).toBeUndefined();

    // grade C fails, grade A passes; the entity checks do not apply to groups
    expect([commerceTeam.grade, platformTeam.grade]).toEqual(['C', 'A']);
    expect(await runChecks('commerce-team', 'group')).toEqual({
      teamGradeAtLeastB: false,
    });
    expect(await runChecks('platform-team', 'group')).toEqual({
      teamGradeAtLeastB: true,
    });
    // owns no annotated service: no grade, and unknown never passes
    expect(await runChecks('docs-team', 'group')).toEqual({
      teamGradeAtLeastB: false,
    });
    // owns services, but none matched a workload: no grade fails the check too
    expect(await runChecks('new-team', 'group')).toEqual({
      teamGradeAtLeastB: false,
    });
    // unknown to mesh-security (404): no facts, so the checker runs nothing
    expect(await runChecks('gone-team', 'group')).toEqual({});
  });

  it('publishes its fact schema', async () => {
    await start({
      techInsights: {
        factRetrievers: {
          meshSecurityFactRetriever: { cadence: '*/15 * * * *' },
          meshSecurityTeamFactRetriever: { cadence: '0 * * * *' },
        },
      },
    });
    const res = await call('/fact-schemas');
    expect(res.status).toBe(200);
    const schemas = (await res.json()) as Array<
      Record<string, { type: string }>
    >;
    const schema = schemas.find(s => 'mtlsMode' in s);
    expect(schema).toMatchObject({
      mtlsMode: { type: 'string' },
      strictCoverage: { type: 'float' },
      mtlsTrafficShare: { type: 'float' },
      plaintextCallers: { type: 'integer' },
      plaintextCallerWorkloads: { type: 'set' },
      criticalFindings: { type: 'integer' },
      hasAuthorizationPolicy: { type: 'boolean' },
      grade: { type: 'string' },
    });
    expect(schemas.find(s => 'services' in s)).toMatchObject({
      id: 'meshSecurityTeamFactRetriever',
      entityFilter: [{ kind: 'group' }],
      grade: { type: 'string' },
      score: { type: 'float' },
      services: { type: 'integer' },
      strictShare: { type: 'float' },
      mtlsTrafficShare: { type: 'float' },
      criticalFindings: { type: 'integer' },
      highFindings: { type: 'integer' },
    });
  });

  it('is never scheduled without its factRetrievers config', async () => {
    const tasks = await start({ techInsights: {} });
    expect([...tasks.keys()]).not.toContain('meshSecurityFactRetriever');
    expect([...tasks.keys()]).not.toContain('meshSecurityTeamFactRetriever');
  });

  it('schedules each retriever on its own config', async () => {
    const tasks = await start({
      techInsights: {
        factRetrievers: {
          meshSecurityTeamFactRetriever: { cadence: '0 * * * *' },
        },
      },
    });
    expect(tasks.get('meshSecurityTeamFactRetriever')?.frequency).toEqual({
      cron: '0 * * * *',
    });
    expect([...tasks.keys()]).not.toContain('meshSecurityFactRetriever');
  });
});
