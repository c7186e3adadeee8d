import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** Who reviews a pull request for an entity: its owner, as the publish actions name reviewers. */
export interface Reviewers {
  /** the owner's entity ref, e.g. `group:default/comms-team`; absent when the entity names none */
  owner?: string;
  /** Group owners, by name (a GitHub team slug when groups come from GitHub's org ingestion) */
  teamReviewers: string[];
  /** User owners, by name */
  reviewers: string[];
}

export function ownerRef(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner.trim()) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner.trim(), {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

export function reviewersOf(entity: Entity): Reviewers {
  const owner = ownerRef(entity);
  if (!owner) return { teamReviewers: [], reviewers: [] };
  const { kind, name } = parseEntityRef(owner);
  const isUser = kind.toLocaleLowerCase('en-US') === 'user';
  return {
    owner,
    teamReviewers: isUser ? [] : [name],
    reviewers: isUser ? [name] : [],
  };
}
