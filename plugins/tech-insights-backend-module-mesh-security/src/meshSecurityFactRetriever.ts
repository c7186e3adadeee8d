import type { FactRetriever } from '@backstage-community/plugin-tech-insights-node';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  hasKubernetesWorkloadAnnotations,
  type MeshSecurityService,
} from '@mesh-security/plugin-mesh-security-node';
import { collectFacts } from './collectFacts';
import {
  MESH_SECURITY_FACT_RETRIEVER_ID,
  meshSecurityFactSchema,
  postureToFacts,
} from './postureFacts';

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
    handler: ctx =>
      collectFacts(ctx, {
        catalog,
        fields: ['metadata.annotations'],
        select: hasKubernetesWorkloadAnnotations,
        what: 'posture',
        population: 'entities with Kubernetes annotations',
        async read(entityRef) {
          const posture = await meshSecurity.getEntityPosture(entityRef);
          return posture && postureToFacts(posture);
        },
      }),
  };
}
