import { compatWrapper } from '@backstage/core-compat-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The team's mesh scorecard on Group entity pages.
 * @alpha
 */
export const entityGroupMeshScorecardCard = EntityCardBlueprint.make({
  name: 'group-scorecard',
  params: {
    // a predicate object: string filters are deprecated in catalog-react 3
    filter: { kind: 'group' },
    loader: () =>
      import('../components/GroupMeshScorecardCard').then(m =>
        compatWrapper(<m.GroupMeshScorecardCard />),
      ),
  },
});
