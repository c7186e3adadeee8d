import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { KUBERNETES_ANNOTATION } from '@backstage/plugin-kubernetes-common';
import { KUBERNETES_NAMESPACE_ANNOTATION } from '@mesh-security/plugin-mesh-security-node';
import { ownerRef } from './owners';

/** A workload that calls the entity, with the catalog entity it belongs to when one is found. */
export interface CallerOwnership {
  /** `namespace/workload` */
  workload: string;
  entityRef?: string;
  owner?: string;
}

function namespaceMatches(entity: Entity, namespace: string): boolean {
  const wanted =
    entity.metadata.annotations?.[KUBERNETES_NAMESPACE_ANNOTATION]?.trim();
  return !wanted || wanted === namespace;
}

/**
 * Finds the catalog entities of `namespace/workload` callers, so that a
 * refusal can name the teams to talk to: an entity whose
 * `backstage.io/kubernetes-id` is the workload's name (and whose
 * kubernetes-namespace, when set, is its namespace), else a Component named
 * like the workload. One catalog query, with the initiator's credentials;
 * a caller the user may not see is named without an owner. A failed lookup
 * is logged and leaves every caller without one: the workloads are still named.
 */
export async function findCallerEntities(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  logger: LoggerService;
  workloads: string[];
}): Promise<CallerOwnership[]> {
  const parsed = options.workloads.map(workload => {
    const slash = workload.indexOf('/');
    return {
      workload,
      namespace: slash >= 0 ? workload.slice(0, slash) : '',
      name: slash >= 0 ? workload.slice(slash + 1) : workload,
    };
  });
  if (parsed.length === 0) return [];
  const names = [...new Set(parsed.map(p => p.name))];
  let entities: Entity[] = [];
  try {
    ({ items: entities } = await options.catalog.getEntities(
      {
        filter: [
          { [`metadata.annotations.${KUBERNETES_ANNOTATION}`]: names },
          { kind: 'component', 'metadata.name': names },
        ],
        fields: ['kind', 'metadata', 'spec.owner'],
      },
      { credentials: options.credentials },
    ));
  } catch (e) {
    options.logger.warn(
      `Could not look up the catalog entities of the callers: ${e}`,
    );
  }
  return parsed.map(({ workload, namespace, name }) => {
    const entity =
      entities.find(
        e =>
          e.metadata.annotations?.[KUBERNETES_ANNOTATION] === name &&
          namespaceMatches(e, namespace),
      ) ??
      entities.find(
        e =>
          e.kind.toLocaleLowerCase('en-US') === 'component' &&
          e.metadata.name === name &&
          namespaceMatches(e, namespace),
      );
    if (!entity) return { workload };
    const owner = ownerRef(entity);
    return {
      workload,
      entityRef: stringifyEntityRef(entity),
      ...(owner ? { owner } : {}),
    };
  });
}
