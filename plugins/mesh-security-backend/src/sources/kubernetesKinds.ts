/**
 * What KubernetesPluginSource lists in every cluster, cluster-wide. Each entry
 * is one paged list; `kind` names the list in warnings and is the fallback
 * when a list response carries no `kind` of its own.
 */
export interface KubernetesList {
  /** e.g. `AuthorizationPolicy`; `ConfigMap istio` for the filtered ConfigMap lists */
  label: string;
  kind: string;
  /** tried in order: a 404 on one falls through to the next (Istio before 1.22 only serves v1beta1) */
  apiVersions: string[];
  /** plural resource name, e.g. `pods` */
  resource: string;
  /** extra query parameters (selectors) */
  query?: Record<string, string>;
  /**
   * The list's last good objects are kept with the cluster's report, so a
   * later failed read of it (forbidden, timed out, cut short) falls back on
   * them. False for the bulky workload lists (Pods and their controllers):
   * without them nothing of the cluster can be evaluated, so their failure
   * fails the cluster read and its last good report is served instead.
   */
  keepLastGood: boolean;
}

/** API path of a cluster-wide list below the proxy, e.g. `/apis/apps/v1/deployments`. */
export function listPath(list: KubernetesList, apiVersion: string): string {
  const root = apiVersion.includes('/') ? '/apis' : '/api';
  return `${root}/${apiVersion}/${list.resource}`;
}

const core = (
  kind: string,
  resource: string,
  keepLastGood: boolean,
): KubernetesList => ({
  label: kind,
  kind,
  apiVersions: ['v1'],
  resource,
  keepLastGood,
});

const group = (
  apiVersions: string[],
  kind: string,
  resource: string,
  keepLastGood: boolean,
): KubernetesList => ({
  label: kind,
  kind,
  apiVersions,
  resource,
  keepLastGood,
});

/** Only the two ConfigMaps the engine reads: MeshConfig and the mesh root certificate. */
const configMap = (name: string): KubernetesList => ({
  label: `ConfigMap ${name}`,
  kind: 'ConfigMap',
  apiVersions: ['v1'],
  resource: 'configmaps',
  query: { fieldSelector: `metadata.name=${name}` },
  keepLastGood: true,
});

const ISTIO_SECURITY = ['security.istio.io/v1', 'security.istio.io/v1beta1'];
const ISTIO_NETWORKING = [
  'networking.istio.io/v1',
  'networking.istio.io/v1beta1',
];

export const KUBERNETES_LISTS: readonly KubernetesList[] = [
  core('Namespace', 'namespaces', true),
  core('Pod', 'pods', false),
  core('Service', 'services', true),
  core('ServiceAccount', 'serviceaccounts', true),
  group(['apps/v1'], 'ReplicaSet', 'replicasets', false),
  group(['apps/v1'], 'Deployment', 'deployments', false),
  group(['apps/v1'], 'StatefulSet', 'statefulsets', false),
  group(['apps/v1'], 'DaemonSet', 'daemonsets', false),
  group(['batch/v1'], 'Job', 'jobs', false),
  group(['batch/v1'], 'CronJob', 'cronjobs', false),
  group(ISTIO_SECURITY, 'PeerAuthentication', 'peerauthentications', true),
  group(ISTIO_SECURITY, 'AuthorizationPolicy', 'authorizationpolicies', true),
  group(ISTIO_NETWORKING, 'DestinationRule', 'destinationrules', true),
  configMap('istio'),
  configMap('istio-ca-root-cert'),
];
