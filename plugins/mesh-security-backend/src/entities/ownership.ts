import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * Owner refs of an entity: its `ownedBy` relations, or `spec.owner` resolved
 * the way the catalog resolves it (kind Group, the entity's namespace) when
 * relations are not present (e.g. a fields-filtered or unprocessed entity).
 */
export function ownerRefs(entity: Entity): string[] {
  const fromRelations = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => r.targetRef.toLocaleLowerCase('en-US'));
  if (fromRelations.length > 0) return [...new Set(fromRelations)];
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner === '') return [];
  try {
    const ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
    return [stringifyEntityRef(ref).toLocaleLowerCase('en-US')];
  } catch {
    return [];
  }
}

export function isOwnedBy(entity: Entity, groupRef: string): boolean {
  return ownerRefs(entity).includes(groupRef.toLocaleLowerCase('en-US'));
}

/** Display name of a group: its title, else its profile's display name. */
export function groupTitle(group: Entity | undefined): string | undefined {
  if (!group) return undefined;
  const profile = (
    group.spec as { profile?: { displayName?: unknown } } | undefined
  )?.profile;
  return (
    group.metadata.title ??
    (typeof profile?.displayName === 'string' ? profile.displayName : undefined)
  );
}
