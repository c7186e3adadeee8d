export { parseMeshMetrics } from './parseMeshMetrics';
export { MeshMetricsError } from './MeshMetricsError';
