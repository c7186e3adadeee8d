/**
 * Tech Insights module: facts about the Istio mTLS posture of catalog
 * entities, read from the mesh-security backend.
 *
 * @packageDocumentation
 */
export { techInsightsModuleMeshSecurity as default } from './module';
export {
  createMeshSecurityFactRetriever,
  type MeshSecurityFactRetrieverOptions,
} from './meshSecurityFactRetriever';
export {
  MESH_SECURITY_FACT_RETRIEVER_ID,
  meshSecurityFactSchema,
  postureToFacts,
  type MeshSecurityFacts,
} from './postureFacts';
