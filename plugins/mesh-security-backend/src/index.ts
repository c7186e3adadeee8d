/**
 * The mesh-security backend plugin: Istio mTLS posture of the catalog's
 * services, refreshed on the scheduler and served to the mesh-security
 * frontend, the Tech Insights module and the catalog module.
 *
 * @packageDocumentation
 */
export { meshSecurityPlugin as default } from './plugin';
