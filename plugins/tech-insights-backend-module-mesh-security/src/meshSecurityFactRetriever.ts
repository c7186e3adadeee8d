import type {
  FactRetriever,
  FactRetrieverContext,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  hasKubernetesWorkloadAnnotations,
  type MeshSecurityService,
} from '@mesh-security/plugin-mesh-security-node';
import {
  MESH_SECURITY_FACT_RETRIEVER_ID,
  meshSecurityFactSchema,
  postureToFacts,
} from './postureFacts';

/** How many entities are read from the mesh-security backend at once. */
const CONCURRENCY = 5;

/** @public */
export interface MeshSecurityFactRetrieverOptions {
  catalog: CatalogService;
  meshSecurity: MeshSecurityService;
}

/**
 * Facts about the Istio mTLS posture of every Component and Resource that
 * carries the Kubernetes plugin's annotations, read from the mesh-security
 * backend.
 *
 * @public
 */
export function createMeshSecurityFactRetriever(
  options: MeshSecurityFactRetrieverOptions,
): FactRetriever {
  const { catalog, meshSecurity } = options;
  return {
    id: MESH_SECURITY_FACT_RETRIEVER_ID,
    version: '0.1.0',
    title: 'Mesh security',
    description:
      'Istio mTLS posture (mode, STRICT coverage, plaintext callers, findings, grade) of entities deployed to Kubernetes',
    entityFilter: [{ kind: 'component' }, { kind: 'resource' }],
    schema: meshSecurityFactSchema,
    async handler(ctx: FactRetrieverContext): Promise<TechInsightFact[]> {
      const { logger } = ctx;
      const credentials = await ctx.auth.getOwnServiceCredentials();

      const entities: Entity[] = [];
      for await (const page of catalog.streamEntities(
        {
          filter: ctx.entityFilter,
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'metadata.annotations',
          ],
        },
        { credentials },
      )) {
        entities.push(...page.filter(hasKubernetesWorkloadAnnotations));
      }

      const facts: TechInsightFact[] = [];
      const failures: string[] = [];
      await forEachLimited(entities, CONCURRENCY, async entity => {
        const entityRef = stringifyEntityRef(entity);
        try {
          const posture = await meshSecurity.getEntityPosture(entityRef);
          if (!posture) {
            logger.debug(`mesh-security does not know ${entityRef}; no facts`);
            return;
          }
          facts.push({
            entity: {
              namespace: entity.metadata.namespace ?? 'default',
              kind: entity.kind,
              name: entity.metadata.name,
            },
            facts: postureToFacts(posture),
          });
        } catch (error) {
          failures.push(entityRef);
          logger.warn(
            `Could not read the mesh posture of ${entityRef}: ${String(error)}`,
          );
        }
      });

      // Everything failed: most likely the backend is down. Fail the run so it
      // is logged as such, rather than storing an empty, healthy-looking result.
      if (entities.length > 0 && failures.length === entities.length) {
        throw new Error(
          `mesh-security backend unavailable: all ${failures.length} posture reads failed`,
        );
      }
      const failed = failures.length ? ` (${failures.length} failed)` : '';
      logger.info(
        `Mesh security facts for ${facts.length} of ${entities.length} entities with Kubernetes annotations${failed}`,
      );
      return facts;
    },
  };
}

async function forEachLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      await fn(items[next++]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
}
