export { parseManifests, parseManifestEntries } from './parseManifests';
export type { ManifestEntry, ParseManifestsOptions } from './parseManifests';
export { ManifestError } from './ManifestError';
export { MAX_MANIFEST_BYTES, MAX_MANIFEST_DEPTH } from './limits';
export {
  ManifestPathError,
  describeFsError,
  listManifestFiles,
  readManifestBytes,
  readManifestText,
} from './readManifestFiles';
export type { ManifestFile } from './readManifestFiles';
export { reduceObject, reduceObjects } from './reduceObjects';
