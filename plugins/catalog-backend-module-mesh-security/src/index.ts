/**
 * Catalog module: tags entities with their Istio mTLS posture, read from the
 * mesh-security backend.
 *
 * @packageDocumentation
 */
export { catalogModuleMeshSecurityTags as default } from './module';
export {
  MeshSecurityTagsProcessor,
  type MeshSecurityTagsProcessorOptions,
} from './MeshSecurityTagsProcessor';
export {
  readMeshSecurityTagsConfig,
  type MeshSecurityTagsConfig,
} from './config';
export {
  ALL_MESH_TAGS,
  MESH_TAG_FAMILIES,
  isValidCatalogTag,
  mergeTags,
  meshTags,
  sanitizeTagPrefix,
  type MeshTagFamily,
  type MeshTagInput,
  type MeshTagOptions,
} from './meshTags';
