export { parseManifests, parseManifestEntries } from './parseManifests';
export type { ManifestEntry } from './parseManifests';
export { ManifestError } from './ManifestError';
export { MAX_MANIFEST_BYTES, MAX_MANIFEST_DEPTH } from './limits';
