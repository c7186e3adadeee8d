import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import { parseManifests } from '@mesh-security/mesh-security-engine';
import { HttpResponse } from 'msw';

const MANIFESTS = resolve(__dirname, '../../../../examples/mesh/manifests');

/** The demo mesh's objects, as the demo portal's manifests hold them. */
export const demoObjects: KubeObject[] = readdirSync(MANIFESTS)
  .filter(f => f.endsWith('.yaml'))
  .flatMap(f => parseManifests(readFileSync(join(MANIFESTS, f), 'utf8'), f));

/** The fake API server's base URL and the service account token it takes. */
export const FAKE_CLUSTER = {
  name: 'test-cluster',
  url: 'http://k8s.test',
  token: 'sa-token',
};

/** Configuration of the Kubernetes plugin with the fake cluster only. */
export const fakeClusterConfig = {
  serviceLocatorMethod: { type: 'multiTenant' },
  clusterLocatorMethods: [
    {
      type: 'config',
      clusters: [
        {
          name: FAKE_CLUSTER.name,
          url: FAKE_CLUSTER.url,
          authProvider: 'serviceAccount',
          serviceAccountToken: FAKE_CLUSTER.token,
          skipTLSVerify: true,
        },
      ],
    },
  ],
};

/**
 * Plural resource → kind, as an API server knows them (written here, not
 * taken from the plugin's own lists, so a wrong resource there is a 404).
 */
const KINDS: Record<string, string> = {
  namespaces: 'Namespace',
  pods: 'Pod',
  services: 'Service',
  serviceaccounts: 'ServiceAccount',
  replicasets: 'ReplicaSet',
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  jobs: 'Job',
  cronjobs: 'CronJob',
  peerauthentications: 'PeerAuthentication',
  authorizationpolicies: 'AuthorizationPolicy',
  destinationrules: 'DestinationRule',
  configmaps: 'ConfigMap',
};

/** The kind a cluster-wide list URL asks for. */
export function kindOfList(url: URL): string | undefined {
  return KINDS[url.pathname.split('/').pop()!];
}

export const notFound = () =>
  HttpResponse.json(
    { kind: 'Status', code: 404, reason: 'NotFound' },
    { status: 404 },
  );

/**
 * One page of the objects of `kind`, as an API server answers a list:
 * `fieldSelector=metadata.name=…`, `limit` and `continue` (an offset here),
 * items without `kind`.
 */
export function listPage(url: URL, kind: string, objects = demoObjects) {
  const name = url.searchParams
    .get('fieldSelector')
    ?.replace(/^metadata\.name=/, '');
  const all = objects.filter(
    o => o.kind === kind && (!name || o.metadata.name === name),
  );
  const limit = Number(url.searchParams.get('limit') ?? all.length);
  const offset = Number(url.searchParams.get('continue') ?? 0);
  const next = offset + limit < all.length ? String(offset + limit) : undefined;
  return HttpResponse.json({
    kind: `${kind}List`,
    apiVersion: 'v1',
    metadata: next ? { continue: next } : {},
    items: all
      .slice(offset, offset + limit)
      .map(({ kind: _kind, ...rest }) => rest),
  });
}
