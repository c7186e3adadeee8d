/**
 * Tech Insights module: facts about the Istio mTLS posture of catalog
 * entities and the mesh security scorecards of groups, read from the
 * mesh-security backend.
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
export {
  createMeshSecurityTeamFactRetriever,
  type MeshSecurityTeamFactRetrieverOptions,
} from './meshSecurityTeamFactRetriever';
export {
  MESH_SECURITY_TEAM_FACT_RETRIEVER_ID,
  meshSecurityTeamFactSchema,
  scorecardToFacts,
  type MeshSecurityTeamFacts,
} from './scorecardFacts';
export {
  historyToTrendFacts,
  meshSecurityTeamTrendFactSchema,
  type MeshSecurityTeamTrendFacts,
} from './trendFacts';
