/**
 * Isomorphic types and permissions of the mesh-security plugin.
 *
 * @packageDocumentation
 */
export * from './report';
export * from './severityCounts';
export * from './mapWithConcurrency';
export * from './ruleCatalog';
export * from './simulation';
export * from './metrics';
export * from './api';
export * from './grade';
export * from './teamOrder';
export * from './kube';
export * from './strictMigrationTotals';
export * from './permissions';
export * from './nodeSupport';
