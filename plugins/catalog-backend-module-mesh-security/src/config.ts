import { type Config, readDurationFromConfig } from '@backstage/config';
import {
  MESH_TAG_FAMILIES,
  type MeshTagFamily,
  sanitizeTagPrefix,
} from './meshTags';

/** `meshSecurity.tags`, read and checked. @public */
export interface MeshSecurityTagsConfig {
  enabled: boolean;
  /** sanitized */
  prefix: string;
  families: Set<MeshTagFamily>;
  cacheTtl: ReturnType<typeof readDurationFromConfig>;
}

const DEFAULT_CACHE_TTL = { minutes: 30 };

/** @public */
export function readMeshSecurityTagsConfig(
  config: Config,
): MeshSecurityTagsConfig {
  const tags = config.getOptionalConfig('meshSecurity.tags');
  const families = tags?.getOptionalStringArray('tags') ?? [
    ...MESH_TAG_FAMILIES,
  ];
  const unknown = families.filter(
    family => !(MESH_TAG_FAMILIES as readonly string[]).includes(family),
  );
  if (unknown.length) {
    throw new Error(
      `meshSecurity.tags.tags: unknown tag famil${
        unknown.length > 1 ? 'ies' : 'y'
      } ${unknown
        .map(f => `'${f}'`)
        .join(', ')}; use any of ${MESH_TAG_FAMILIES.join(', ')}`,
    );
  }
  return {
    enabled: tags?.getOptionalBoolean('enabled') ?? true,
    prefix: sanitizeTagPrefix(tags?.getOptionalString('prefix') ?? ''),
    families: new Set(families as MeshTagFamily[]),
    cacheTtl: tags?.has('cacheTtl')
      ? readDurationFromConfig(tags, { key: 'cacheTtl' })
      : DEFAULT_CACHE_TTL,
  };
}
