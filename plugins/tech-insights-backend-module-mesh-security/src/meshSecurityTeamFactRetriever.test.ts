import type { FactRetrieverContext } from '@backstage-community/plugin-tech-insights-node';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { TeamScorecard } from '@mesh-security/plugin-mesh-security-common';
import type { MeshSecurityService } from '@mesh-security/plugin-mesh-security-node';
import {
  commerceTeam,
  emptyTeam,
  platformTeam,
} from './__fixtures__/scorecards';
import { createMeshSecurityTeamFactRetriever } from './meshSecurityTeamFactRetriever';

function group(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

const entities: Entity[] = [
  group('commerce-team'),
  group('platform-team'),
  group('docs-team'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payment-service',
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': 'payment-service' },
    },
    spec: { type: 'service', owner: 'commerce-team', lifecycle: 'production' },
  },
];

function setup(
  getTeamScorecard: (groupRef: string) => Promise<TeamScorecard | undefined>,
) {
  const logger = mockServices.logger.mock();
  const asked: string[] = [];
  const meshSecurity: MeshSecurityService = {
    getEntityPosture: jest.fn(),
    getTeamScorecard: async groupRef => {
      asked.push(groupRef);
      return getTeamScorecard(groupRef);
    },
  };
  const retriever = createMeshSecurityTeamFactRetriever({
    catalog: catalogServiceMock({ entities }),
    meshSecurity,
  });
  const ctx = {
    config: mockServices.rootConfig(),
    discovery: mockServices.discovery(),
    logger,
    auth: mockServices.auth(),
    urlReader: mockServices.urlReader.mock(),
    entityFilter: retriever.entityFilter,
  } as FactRetrieverContext;
  return { run: () => retriever.handler(ctx), asked, logger };
}

const scorecards: Record<string, TeamScorecard> = {
  'group:default/commerce-team': commerceTeam,
  'group:default/platform-team': platformTeam,
  'group:default/docs-team': emptyTeam,
};

describe('createMeshSecurityTeamFactRetriever', () => {
  it('asks for the scorecard of every group, and only of groups', async () => {
    const { run, asked } = setup(async ref => scorecards[ref]);
    const facts = await run();
    expect(asked.sort()).toEqual(Object.keys(scorecards).sort());
    expect(
      Object.fromEntries(facts.map(f => [f.entity.name, f.facts.grade])),
    ).toEqual({
      'commerce-team': commerceTeam.grade,
      'platform-team': platformTeam.grade,
      'docs-team': null,
    });
    expect(facts.find(f => f.entity.name === 'commerce-team')?.entity).toEqual({
      namespace: 'default',
      kind: 'Group',
      name: 'commerce-team',
    });
  });

  it('stores no row for a group the backend does not know', async () => {
    const { run } = setup(async ref =>
      ref.endsWith('/docs-team') ? undefined : scorecards[ref],
    );
    const names = (await run()).map(f => f.entity.name).sort();
    expect(names).toEqual(['commerce-team', 'platform-team']);
  });

  it('skips a group whose read fails or whose scorecard is malformed', async () => {
    const { run, logger } = setup(async ref => {
      if (ref.endsWith('/commerce-team')) throw new Error('503 from backend');
      if (ref.endsWith('/docs-team'))
        return { ...emptyTeam, grade: 'Z' } as unknown as TeamScorecard;
      return scorecards[ref];
    });
    const names = (await run()).map(f => f.entity.name);
    expect(names).toEqual(['platform-team']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Could not read the mesh scorecard of group:default/commerce-team: Error: 503 from backend',
      ),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Malformed scorecard of group:default/docs-team'),
    );
  });

  it('fails the run when every read fails', async () => {
    const { run } = setup(async () => {
      throw new Error('connection refused');
    });
    await expect(run()).rejects.toThrow(
      'mesh-security backend unavailable: all 3 scorecard reads failed',
    );
  });
});
