import { compatWrapper } from '@backstage/core-compat-api';
import type { ExtensionDefinition } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The team's mesh scorecard on Group entity pages. Typed as a plain
 * ExtensionDefinition: the inferred type names a nested copy of
 * `@backstage/filter-predicates`, which declaration output cannot reference.
 * @alpha
 */
export const entityGroupMeshScorecardCard: ExtensionDefinition =
  EntityCardBlueprint.make({
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
