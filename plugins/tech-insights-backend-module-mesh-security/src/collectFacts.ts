import type {
  FactRetrieverContext,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { mapWithConcurrency } from '@mesh-security/plugin-mesh-security-common';

/** How many entities are read from the mesh-security backend at once. */
const CONCURRENCY = 5;

/** How one retriever reads the mesh-security backend, entity by entity. */
export interface FactCollector {
  catalog: CatalogService;
  /** catalog fields that `select` reads, besides kind, namespace and name */
  fields?: string[];
  /** which of the filtered entities to ask about; all by default */
  select?: (entity: Entity) => boolean;
  /** what is read, for logs: `posture`, `scorecard` */
  what: string;
  /** what was asked about, for logs: `entities with Kubernetes annotations`, `groups` */
  population: string;
  /** one entity's facts; undefined when the backend does not know the entity (no row) */
  read(entityRef: string): Promise<TechInsightFact['facts'] | undefined>;
}

/**
 * Streams the retriever's entities from the catalog and reads each one's facts.
 * A failed read is logged and leaves that entity without a new row; when every
 * read fails (most likely the backend is down) the run fails, so it is logged
 * as such rather than storing an empty, healthy-looking result.
 */
export async function collectFacts(
  ctx: FactRetrieverContext,
  collector: FactCollector,
): Promise<TechInsightFact[]> {
  const { logger } = ctx;
  const { catalog, select = () => true, what, population } = collector;
  const credentials = await ctx.auth.getOwnServiceCredentials();

  const entities: Entity[] = [];
  for await (const page of catalog.streamEntities(
    {
      filter: ctx.entityFilter,
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        ...(collector.fields ?? []),
      ],
    },
    { credentials },
  )) {
    entities.push(...page.filter(select));
  }

  const facts: TechInsightFact[] = [];
  const failures: string[] = [];
  await mapWithConcurrency(entities, CONCURRENCY, async entity => {
    const entityRef = stringifyEntityRef(entity);
    try {
      const row = await collector.read(entityRef);
      if (!row) {
        logger.debug(`mesh-security does not know ${entityRef}; no facts`);
        return;
      }
      facts.push({
        entity: {
          namespace: entity.metadata.namespace ?? 'default',
          kind: entity.kind,
          name: entity.metadata.name,
        },
        facts: row,
      });
    } catch (error) {
      failures.push(entityRef);
      logger.warn(`Could not read the mesh ${what} of ${entityRef}: ${error}`);
    }
  });

  if (entities.length > 0 && failures.length === entities.length) {
    throw new Error(
      `mesh-security backend unavailable: all ${failures.length} ${what} reads failed`,
    );
  }
  const failed = failures.length ? ` (${failures.length} failed)` : '';
  logger.info(
    `Mesh security ${what} facts for ${facts.length} of ${entities.length} ${population}${failed}`,
  );
  return facts;
}
