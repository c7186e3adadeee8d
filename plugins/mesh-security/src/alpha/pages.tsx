import type { ExtensionDefinition } from '@backstage/frontend-plugin-api';

/**
 * Page extensions of the plugin. The mesh overview page (PageBlueprint with
 * `routeRef: convertLegacyRouteRef(rootRouteRef)`) is added here by the
 * overview work; the plugin already declares the `root` route for it.
 * @alpha
 */
export const meshSecurityPages: ExtensionDefinition[] = [];
