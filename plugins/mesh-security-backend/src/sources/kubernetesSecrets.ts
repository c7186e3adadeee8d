import type { Config } from '@backstage/config';

/** `authMetadata` keys whose values are credentials rather than descriptions. */
const SECRET_KEY = /token|password|secret|key/i;

/**
 * The credentials of the clusters configured in the Kubernetes plugin
 * (`kubernetes.clusterLocatorMethods[].clusters[]`). An API server or proxy
 * may repeat the token it was sent in an error body, and that text reaches
 * source statuses served to every reader: the redactor must know them.
 */
export function kubernetesClusterSecrets(config: Config): string[] {
  const secrets: string[] = [];
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  for (const method of methods) {
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      const token = cluster.getOptional('serviceAccountToken');
      if (typeof token === 'string') secrets.push(token);
      // read raw: its keys (`kubernetes.io/…`) are not valid config keys
      const metadata = cluster.getOptional('authMetadata');
      if (metadata && typeof metadata === 'object') {
        for (const [key, value] of Object.entries(metadata)) {
          if (SECRET_KEY.test(key) && typeof value === 'string') {
            secrets.push(value);
          }
        }
      }
    }
  }
  return secrets.filter(s => s.trim().length > 0);
}
