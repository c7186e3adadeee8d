import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogProcessor } from '@backstage/plugin-catalog-node';
import {
  hasKubernetesWorkloadAnnotations,
  type MeshSecurityService,
} from '@mesh-security/plugin-mesh-security-node';
import type { MeshSecurityTagsConfig } from './config';
import {
  ALL_MESH_TAGS,
  type MeshTagInput,
  isValidCatalogTag,
  mergeTags,
  meshTags,
} from './meshTags';

/** Kinds the mesh-security backend answers for (workloads are matched by their annotations). */
const KINDS = new Set(['component', 'resource']);

/** Bump when the cached shape changes, so old entries are ignored. */
const CACHE_KEY_PREFIX = 'mesh-security-tags:v2:';

/** What is cached per entity: the tag inputs only. */
interface CacheEntry {
  [key: string]: MeshTagInput;
  input: MeshTagInput;
}

/** @public */
export interface MeshSecurityTagsProcessorOptions
  extends Omit<MeshSecurityTagsConfig, 'enabled'> {
  meshSecurity: MeshSecurityService;
  cache: CacheService;
  logger: LoggerService;
}

/**
 * Tags Components and Resources that carry the Kubernetes plugin's annotations
 * with their mesh posture (`mtls:strict`, `mesh:none`, `mesh-finding:high`, …).
 *
 * Runs in postProcessEntity: only entities that passed validation reach it,
 * and annotations added by other processors' preProcessEntity are already in
 * place. The catalog does not re-validate what post-processors add, so every
 * tag is checked here with the catalog's own tag validator.
 *
 * @public
 */
export class MeshSecurityTagsProcessor implements CatalogProcessor {
  readonly #meshSecurity: MeshSecurityService;
  readonly #cache: CacheService;
  readonly #logger: LoggerService;
  readonly #options: Pick<
    MeshSecurityTagsConfig,
    'prefix' | 'families' | 'cacheTtl'
  >;
  /** set while the backend fails, so an outage logs one warning, not one per entity */
  #failing = false;

  constructor(options: MeshSecurityTagsProcessorOptions) {
    this.#meshSecurity = options.meshSecurity;
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#options = {
      prefix: options.prefix,
      families: options.families,
      cacheTtl: options.cacheTtl,
    };
    const dropped = ALL_MESH_TAGS.map(tag => options.prefix + tag).filter(
      tag => !isValidCatalogTag(tag),
    );
    if (dropped.length) {
      this.#logger.warn(
        `meshSecurity.tags.prefix '${
          options.prefix
        }' makes these tags invalid; they will not be emitted: ${dropped.join(
          ', ',
        )}`,
      );
    }
  }

  getProcessorName(): string {
    return 'MeshSecurityTagsProcessor';
  }

  async postProcessEntity(entity: Entity): Promise<Entity> {
    if (
      !KINDS.has(entity.kind.toLocaleLowerCase('en-US')) ||
      !hasKubernetesWorkloadAnnotations(entity)
    ) {
      return entity;
    }
    const entityRef = stringifyEntityRef(entity);

    let input: MeshTagInput | null;
    try {
      input = await this.#tagInput(entityRef);
    } catch (error) {
      // Leave the entity as its author wrote it; the next processing loop retries.
      this.#reportFailure(entityRef, error);
      return entity;
    }
    if (!input) {
      return entity;
    }

    const existing = entity.metadata.tags ?? [];
    const tags = mergeTags(existing, meshTags(input, this.#options));
    if (tags.length === existing.length) {
      return entity;
    }
    return { ...entity, metadata: { ...entity.metadata, tags } };
  }

  async #tagInput(entityRef: string): Promise<MeshTagInput | null> {
    const key = CACHE_KEY_PREFIX + entityRef;
    try {
      const hit = await this.#cache.get<CacheEntry>(key);
      if (hit !== undefined) {
        return hit.input;
      }
    } catch (error) {
      this.#logger.debug(
        `Mesh tags cache read failed for ${entityRef}: ${error}`,
      );
    }

    const posture = await this.#meshSecurity.getEntityPosture(entityRef);
    if (this.#failing) {
      this.#failing = false;
      this.#logger.info(
        'mesh-security backend reachable again; tagging resumed',
      );
    }
    if (!posture) {
      // 404: on its first pass through processing the entity is not stored in
      // the catalog yet, so the backend cannot know it. Not cached, or a new
      // entity would wait a whole TTL for its tags.
      return null;
    }
    const input: MeshTagInput = {
      mtlsMode: posture.summary.mtlsMode,
      findingsBySeverity: {
        critical: posture.summary.findingsBySeverity.critical ?? 0,
        high: posture.summary.findingsBySeverity.high ?? 0,
      },
      ...(posture.summary.unknownKinds?.length
        ? { unknownKinds: posture.summary.unknownKinds }
        : {}),
    };
    const findingClusters = [
      ...new Set(
        (posture.findings ?? [])
          .filter(f => f.severity === 'critical' || f.severity === 'high')
          .map(f => f.cluster),
      ),
    ].sort();
    if (findingClusters.length) input.findingClusters = findingClusters;

    try {
      await this.#cache.set(key, { input }, { ttl: this.#options.cacheTtl });
    } catch (error) {
      this.#logger.debug(
        `Mesh tags cache write failed for ${entityRef}: ${error}`,
      );
    }
    return input;
  }

  #reportFailure(entityRef: string, error: unknown) {
    const message = describeError(error);
    if (this.#failing) {
      this.#logger.debug(`No mesh tags for ${entityRef}: ${message}`);
      return;
    }
    this.#failing = true;
    this.#logger.warn(
      `No mesh tags for ${entityRef}, entity left unchanged: ${message}. Further failures are logged at debug level until the backend answers again.`,
    );
  }
}

/** The error's message and, for network errors, its cause (e.g. ECONNREFUSED); never headers or tokens. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.name}: ${error.message}${
    error.name === 'ResponseError' ? '' : cause
  }`;
}
