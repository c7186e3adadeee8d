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

/** @public */
export const meshSecurityPermissions = [meshSecurityReadPermission];
