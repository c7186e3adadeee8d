import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EntityPosture } from '@mesh-security/plugin-mesh-security-common';
import type { MeshSecurityService } from '@mesh-security/plugin-mesh-security-node';

/** A catalog entity with the mesh posture the backend serves for it. */
export interface Target {
  entityRef: string;
  entity: Entity;
  posture: EntityPosture;
}

/** `kind:namespace/name` of an input ref; a bare name is a Component of `default`. */
export function normalizeEntityRef(ref: string, field: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref.trim(), {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch (e) {
    throw new InputError(
      `${field} '${ref}' is not an entity ref (expected [kind:][namespace/]name): ${e}`,
    );
  }
}

/**
 * Reads the entity and its posture with the initiator's credentials, so the
 * catalog's read permission applies: an entity the user may not read is
 * reported like a missing one. An entity without workloads is refused here,
 * before anything is written.
 */
export async function readTarget(options: {
  catalog: CatalogService;
  meshSecurity: MeshSecurityService;
  credentials: BackstageCredentials;
  entityRef: string;
  /** how the error messages name the entity, e.g. "caller" */
  role: string;
}): Promise<Target> {
  const { catalog, meshSecurity, credentials, entityRef, role } = options;
  const entity = await catalog.getEntityByRef(entityRef, { credentials });
  if (!entity) {
    throw new InputError(
      `The ${role} ${entityRef} is not in the catalog, or you may not read it`,
    );
  }
  const posture = await meshSecurity.getEntityPosture(entityRef, {
    credentials,
  });
  if (!posture || posture.workloads.length === 0) {
    throw new InputError(
      `The ${role} ${entityRef} has no workloads in the mesh-security view: ` +
        'check its backstage.io/kubernetes-id (or kubernetes-label-selector) annotation ' +
        'and that its workloads run in a cluster mesh-security reads',
    );
  }
  return { entityRef, entity, posture };
}
