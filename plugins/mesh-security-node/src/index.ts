/**
 * Node library of the mesh-security plugin for other backend plugins: the
 * service ref and client of the mesh-security backend, and the extension
 * points its modules use. The engine itself is
 * `@mesh-security/mesh-security-engine`, which has no Backstage in it.
 *
 * @packageDocumentation
 */
export * from './client';
export * from './sources';
