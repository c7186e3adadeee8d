import type { HumanDuration } from '@backstage/types';

export interface Config {
  meshSecurity?: {
    /** Catalog tags from the mesh posture (@mesh-security/plugin-catalog-backend-module-mesh-security). */
    tags?: {
      /** Default true. When false the processor is not installed at all. */
      enabled?: boolean;
      /**
       * Put before every tag, separator included, e.g. `mesh-` → `mesh-mtls:strict`. Lower-cased; characters a
       * tag cannot hold become `-`. Tags that are still invalid (or longer than 63 characters) are not emitted.
       * Default ''.
       */
      prefix?: string;
      /** Which tag families to emit: `mtls` (mtls:strict|permissive|disabled|mixed), `mesh` (mesh:none), `mesh-finding` (mesh-finding:critical|high). Default all. */
      tags?: Array<'mtls' | 'mesh' | 'mesh-finding'>;
      /** How long an entity's posture is reused before the backend is asked again: `{ minutes: 30 }`, `30m`, `PT30M`. Default 30 minutes. */
      cacheTtl?: HumanDuration | string;
    };
  };
}
