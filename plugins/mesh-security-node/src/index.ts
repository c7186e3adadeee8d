/**
 * Node library of the mesh-security plugin: the pure posture engine, the
 * manifest parser, the metrics validator, and a client other backend plugins
 * use to call the mesh-security backend.
 *
 * @packageDocumentation
 */
export * from './engine';
export * from './manifests';
export * from './metrics';
export * from './client';
export * from './suppressions';
export * from './simulation';
