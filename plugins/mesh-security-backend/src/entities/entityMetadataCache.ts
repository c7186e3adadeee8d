import type { AuthService, CacheService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';
import { KUBERNETES_NAMESPACE_ANNOTATION } from '@mesh-security/plugin-mesh-security-node';
import { KUBERNETES_CLUSTER_ANNOTATION } from './entityWorkloads';

/** The annotations the entity view reads; nothing else of the entity is kept. */
const KEPT_ANNOTATIONS = [
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  KUBERNETES_CLUSTER_ANNOTATION,
];

const FIELDS = [
  'apiVersion',
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.owner',
];

/** JsonValue, without depending on @backstage/types for a type */
type CacheValue = Parameters<CacheService['set']>[1];

/** Cache keys live in the plugin's own cache namespace; the prefix leaves room for other kinds of entries. */
const keyOf = (entityRef: string) => `entity-metadata:${entityRef}`;

function trim(entity: Entity): Entity {
  const annotations: Record<string, string> = {};
  for (const key of KEPT_ANNOTATIONS) {
    const value = entity.metadata.annotations?.[key];
    if (value !== undefined) annotations[key] = value;
  }
  const owner = entity.spec?.owner;
  return {
    apiVersion: entity.apiVersion,
    kind: entity.kind,
    metadata: {
      name: entity.metadata.name,
      ...(entity.metadata.namespace && {
        namespace: entity.metadata.namespace,
      }),
      annotations,
    },
    spec: typeof owner === 'string' ? { owner } : {},
  };
}

export interface EntityMetadataCacheOptions {
  catalog: CatalogService;
  auth: AuthService;
  cache: CacheService;
  ttlMs: number;
}

/**
 * What the entity route needs of an entity (kind, name, owner, Kubernetes
 * annotations), read with the plugin's own credentials and kept for a short
 * TTL in the CacheService. It answers "what is this entity", never "may the
 * caller see it": that is the permission framework's decision, per request.
 * A missing entity is not cached, so a new one is found on the next request.
 */
export class EntityMetadataCache {
  private readonly inflight = new Map<string, Promise<Entity | undefined>>();

  constructor(private readonly options: EntityMetadataCacheOptions) {}

  /** `entityRef` as stringifyEntityRef writes it (lower case). */
  async get(entityRef: string): Promise<Entity | undefined> {
    const hit = await this.read(entityRef);
    if (hit) return hit;
    // concurrent misses for one entity share a catalog read
    let pending = this.inflight.get(entityRef);
    if (!pending) {
      pending = this.load(entityRef).finally(() =>
        this.inflight.delete(entityRef),
      );
      this.inflight.set(entityRef, pending);
    }
    return pending;
  }

  private async load(entityRef: string): Promise<Entity | undefined> {
    const { catalog, auth, cache, ttlMs } = this.options;
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: [entityRef], fields: FIELDS },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const found = items[0];
    if (!found) return undefined;
    const entity = trim(found);
    try {
      await cache.set(keyOf(entityRef), entity as unknown as CacheValue, {
        ttl: ttlMs,
      });
    } catch {
      // not cached this time: the next request reads the catalog again
    }
    return entity;
  }

  private async read(entityRef: string): Promise<Entity | undefined> {
    try {
      const hit = await this.options.cache.get(keyOf(entityRef));
      return (hit ?? undefined) as unknown as Entity | undefined;
    } catch {
      // an unreachable cache store costs a catalog read, not the request
      return undefined;
    }
  }
}
