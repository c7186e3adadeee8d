/**
 * The Mesh Security engine, with no Backstage in it: the pure posture engine,
 * the manifest parser, the metrics validator, suppressions and what-if
 * simulation. The CLI runs on it alone; the backend wraps it in adapters.
 *
 * @packageDocumentation
 */
export * from './engine';
export * from './manifests';
export * from './metrics';
export * from './suppressions';
export * from './simulation';
