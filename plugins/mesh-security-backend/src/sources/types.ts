// The source contract is public (backend modules add sources through the
// extension point of -node); the built-in sources implement the same one.
export type {
  ClusterObjectSource,
  ClusterRead,
  ListRead,
  MetricsRead,
  MetricsSource,
} from '@mesh-security/plugin-mesh-security-node';
