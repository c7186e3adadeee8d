import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading mesh-wide data (overview, team scorecards). Entity data is
 * additionally gated by the catalog's own read permission on that entity.
 * @public
 */
export const meshSecurityReadPermission = createPermission({
  name: 'mesh-security.read',
  attributes: { action: 'read' },
});

/**
 * Simulating a change (what-if) and proposing policies against the stored
 * cluster objects. Nothing is applied anywhere, but the answer reveals the
 * mesh's callers and policies, so it is a permission of its own; a change
 * scoped to an entity also needs the catalog's read permission on it.
 * @public
 */
export const meshSecuritySimulatePermission = createPermission({
  name: 'mesh-security.simulate',
  attributes: { action: 'read' },
});

/** @public */
export const meshSecurityPermissions = [
  meshSecurityReadPermission,
  meshSecuritySimulatePermission,
];
