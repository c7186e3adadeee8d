export { parseMeshMetrics } from './parseMeshMetrics';
export { MeshMetricsError } from './MeshMetricsError';
export { describeJsonSyntaxError } from './jsonSyntaxError';
