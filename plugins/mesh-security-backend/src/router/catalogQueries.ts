import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  type EntityFilterQuery,
} from '@backstage/catalog-client';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';

/** What the aggregate views read of an entity; keeps catalog responses small. */
const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'relations',
];

const GROUP_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile',
];

/** An array of filters is an OR: either annotation makes an entity a Kubernetes one. */
const ANNOTATED: EntityFilterQuery = [
  { [`metadata.annotations.${KUBERNETES_ANNOTATION}`]: CATALOG_FILTER_EXISTS },
  {
    [`metadata.annotations.${KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION}`]:
      CATALOG_FILTER_EXISTS,
  },
];

/** Entities with the Kubernetes plugin's annotations that the caller may read. */
export async function annotatedEntities(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  const { items } = await catalog.getEntities(
    { filter: ANNOTATED, fields: ENTITY_FIELDS },
    { credentials },
  );
  return items;
}

/** How many such entities there are: one entity read, the catalog counts the rest. */
export async function countAnnotatedEntities(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<number> {
  const { totalItems } = await catalog.queryEntities(
    { filter: ANNOTATED, limit: 1, fields: ['kind'] },
    { credentials },
  );
  return totalItems;
}

/** Groups by ref as far as the caller may read them (missing ones map to undefined). */
export async function groupsByRef(
  catalog: CatalogService,
  refs: string[],
  credentials: BackstageCredentials,
): Promise<Map<string, Entity | undefined>> {
  if (refs.length === 0) return new Map();
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs: refs, fields: GROUP_FIELDS },
    { credentials },
  );
  return new Map(refs.map((ref, i) => [ref, items[i] ?? undefined]));
}
