import type { FactRetrieverContext } from '@backstage-community/plugin-tech-insights-node';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { PostureHistory } from '@mesh-security/plugin-mesh-security-common';
import type { MeshSecurityService } from '@mesh-security/plugin-mesh-security-node';
import { commerceTeam } from './__fixtures__/scorecards';
import { createMeshSecurityTeamFactRetriever } from './meshSecurityTeamFactRetriever';

const groups = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'commerce-team', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
];

async function run(meshSecurity: MeshSecurityService) {
  const logger = mockServices.logger.mock();
  const retriever = createMeshSecurityTeamFactRetriever({
    catalog: catalogServiceMock({ entities: groups }),
    meshSecurity,
  });
  const facts = await retriever.handler({
    config: mockServices.rootConfig(),
    discovery: mockServices.discovery(),
    logger,
    auth: mockServices.auth(),
    urlReader: mockServices.urlReader.mock(),
    entityFilter: retriever.entityFilter,
  } as FactRetrieverContext);
  return { facts: facts.map(f => f.facts), logger, retriever };
}

const scorecardOnly = {
  getEntityPosture: jest.fn(),
  getTeamScorecard: async () => commerceTeam,
};

describe('the team retriever trend facts', () => {
  it('declares them in its schema, under a new schema version', async () => {
    const { retriever } = await run(scorecardOnly);
    expect(retriever.version).toBe('0.2.0');
    expect(retriever.schema).toMatchObject({
      grade: { type: 'string' },
      strictCoverageDelta30d: { type: 'float' },
      newHighFindings7d: { type: 'integer' },
    });
  });

  it('reads 30 days of the team history beside its scorecard', async () => {
    const asked: Array<[string, number | undefined]> = [];
    const history: PostureHistory = {
      subjectRef: 'group:default/commerce-team',
      days: 30,
      from: '2026-07-02T00:00:00.000Z',
      points: [],
    };
    const { facts } = await run({
      ...scorecardOnly,
      getTeamHistory: async (ref, options) => {
        asked.push([ref, options?.days]);
        return history;
      },
    });
    expect(asked).toEqual([['group:default/commerce-team', 30]]);
    expect(facts).toEqual([
      expect.objectContaining({
        grade: commerceTeam.grade,
        strictCoverageDelta30d: null,
        newHighFindings7d: null,
      }),
    ]);
  });

  it('keeps the scorecard facts when the history cannot be read, the trend null and the reason logged', async () => {
    const { facts, logger } = await run({
      ...scorecardOnly,
      getTeamHistory: async () => {
        throw new Error('503 from backend');
      },
    });
    expect(facts).toEqual([
      expect.objectContaining({
        grade: commerceTeam.grade,
        strictCoverageDelta30d: null,
        newHighFindings7d: null,
      }),
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not read the mesh history of group:default/commerce-team; its trend facts are null: Error: 503 from backend',
    );
  });

  it('has null trend facts with a mesh-security service that has no history', async () => {
    const { facts } = await run(scorecardOnly);
    expect(facts).toEqual([
      expect.objectContaining({
        strictCoverageDelta30d: null,
        newHighFindings7d: null,
      }),
    ]);
  });
});
