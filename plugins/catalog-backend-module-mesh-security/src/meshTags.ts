/**
 * Entity summary → catalog tags: pure, no I/O. Every tag returned is valid for
 * the catalog (`^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$`, at most 63 characters).
 */
import { makeValidator } from '@backstage/catalog-model';
import type { EntitySummary } from '@mesh-security/plugin-mesh-security-common';

/**
 * Tag families, named after the part before the colon.
 * - `mtls`: `mtls:strict`, `mtls:permissive`, `mtls:disabled`, `mtls:mixed`
 * - `mesh`: `mesh:none` (no workload has a proxy)
 * - `mesh-finding`: `mesh-finding:critical`, `mesh-finding:high`,
 *   `mesh-finding:unknown` (some lists, e.g. AuthorizationPolicies, could not
 *   be read: a missing severity tag then does not mean "no such finding"),
 *   and `mesh-finding-cluster:<cluster>` for each cluster a critical or high
 *   finding was found in (the same workload names can exist in several)
 *
 * @public
 */
export const MESH_TAG_FAMILIES = ['mtls', 'mesh', 'mesh-finding'] as const;

/** @public */
export type MeshTagFamily = (typeof MESH_TAG_FAMILIES)[number];

/** The part of an EntitySummary tags are made of (what the processor caches). @public */
export type MeshTagInput = Pick<EntitySummary, 'mtlsMode'> & {
  findingsBySeverity: Partial<EntitySummary['findingsBySeverity']>;
  /** lists the posture was computed without; absent or empty when everything was read */
  unknownKinds?: string[];
  /** clusters a critical or high finding of the entity was found in */
  findingClusters?: string[];
};

const MODE_TAGS: Record<
  NonNullable<EntitySummary['mtlsMode']>,
  [MeshTagFamily, string]
> = {
  STRICT: ['mtls', 'mtls:strict'],
  PERMISSIVE: ['mtls', 'mtls:permissive'],
  DISABLE: ['mtls', 'mtls:disabled'],
  MIXED: ['mtls', 'mtls:mixed'],
  NONE: ['mesh', 'mesh:none'],
};

/** Every tag this module can emit, before the prefix. @public */
export const ALL_MESH_TAGS: readonly string[] = [
  ...Object.values(MODE_TAGS).map(([, tag]) => tag),
  'mesh-finding:critical',
  'mesh-finding:high',
  'mesh-finding:unknown',
];

const { isValidTag } = makeValidator();

/** @public */
export function isValidCatalogTag(tag: string): boolean {
  return isValidTag(tag);
}

/**
 * Lower-cases the prefix and turns runs of characters a tag may not hold into
 * single dashes, e.g. `Team A/` → `team-a-`. A trailing dash is kept: it is the
 * separator before the tag.
 *
 * @public
 */
export function sanitizeTagPrefix(prefix: string): string {
  return prefix
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9:+#-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+/, '');
}

/** @public */
export interface MeshTagOptions {
  /** already sanitized, see {@link sanitizeTagPrefix} */
  prefix: string;
  families: ReadonlySet<MeshTagFamily>;
}

/** The tags an entity with this summary gets; invalid tags are dropped. @public */
export function meshTags(
  input: MeshTagInput,
  options: MeshTagOptions,
): string[] {
  const tags: Array<[MeshTagFamily, string]> = [];
  if (input.mtlsMode) {
    tags.push(MODE_TAGS[input.mtlsMode]);
  }
  if ((input.findingsBySeverity.critical ?? 0) > 0) {
    tags.push(['mesh-finding', 'mesh-finding:critical']);
  }
  if ((input.findingsBySeverity.high ?? 0) > 0) {
    tags.push(['mesh-finding', 'mesh-finding:high']);
  }
  // the findings are a lower bound: say so, so no filter reads the gap as clean
  if (input.unknownKinds?.length) {
    tags.push(['mesh-finding', 'mesh-finding:unknown']);
  }
  for (const cluster of [...new Set(input.findingClusters ?? [])].sort()) {
    tags.push([
      'mesh-finding',
      `mesh-finding-cluster:${clusterTagValue(cluster)}`,
    ]);
  }
  return tags
    .filter(([family]) => options.families.has(family))
    .map(([, tag]) => options.prefix + tag)
    .filter(isValidCatalogTag);
}

/** A cluster name as a tag may hold it: lower case, other characters as dashes. */
function clusterTagValue(cluster: string): string {
  return cluster
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9:+#]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Adds tags after the author's, skipping those already present. Never removes
 * or reorders a tag.
 *
 * @public
 */
export function mergeTags(
  existing: readonly string[],
  added: readonly string[],
): string[] {
  const seen = new Set(existing);
  const fresh = added.filter(tag => !seen.has(tag) && seen.add(tag));
  return fresh.length ? [...existing, ...fresh] : [...existing];
}
