// A stand-in for one cluster's Kubernetes API server on 127.0.0.1, behind the
// Backstage kubernetes plugin (which adds the service account token). It
// serves the demo mesh's objects as paged cluster-wide lists; `mode` makes it
// misbehave the way real clusters and proxies do.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** resource (plural) → kind, for the lists the demo mesh needs */
const RESOURCES = {
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

export function readDemoObjects(folder) {
  return readdirSync(folder)
    .filter(f => f.endsWith('.yaml'))
    .flatMap(f =>
      parseAllDocuments(readFileSync(join(folder, f), 'utf8')).map(d =>
        d.toJS(),
      ),
    )
    .filter(o => o && o.kind);
}

const status = (res, code, reason, message) =>
  res.writeHead(code, { 'content-type': 'application/json' }).end(
    JSON.stringify({
      kind: 'Status',
      status: 'Failure',
      code,
      reason,
      message,
    }),
  );

/**
 * Modes: `ok`; `forbid-authz` (403 on AuthorizationPolicies only);
 * `unauthorized` (401 on everything); `down` (connections reset);
 * `cut-short` (Pods end early: items remain, no continue token);
 * `broken-page` (the second page of Pods stops mid-JSON);
 * `echo` (a 500 on Pods whose message repeats the token it was sent).
 */
export async function startFakeKubernetes({ objects, token }) {
  let mode = 'ok';
  const requests = { total: 0, badToken: 0 };
  const server = createServer((req, res) => {
    requests.total++;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const resource = url.pathname.split('/').pop();
    const kind = RESOURCES[resource];
    if (mode === 'down') {
      req.socket.destroy();
      return;
    }
    const auth = req.headers.authorization ?? '';
    if (mode === 'unauthorized' || auth !== `Bearer ${token}`) {
      if (auth !== `Bearer ${token}`) requests.badToken++;
      status(res, 401, 'Unauthorized', 'Unauthorized');
      return;
    }
    if (!kind) {
      status(
        res,
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
      return;
    }
    if (mode === 'forbid-authz' && kind === 'AuthorizationPolicy') {
      status(
        res,
        403,
        'Forbidden',
        'authorizationpolicies.security.istio.io is forbidden: User "system:serviceaccount:backstage:reader" cannot list resource "authorizationpolicies" in API group "security.istio.io" at the cluster scope',
      );
      return;
    }
    if (mode === 'echo' && kind === 'Pod') {
      status(
        res,
        500,
        'InternalError',
        `upstream rejected the call with token ${token} (headers: ${JSON.stringify(
          req.headers,
        )})`,
      );
      return;
    }
    const fieldName = url.searchParams
      .get('fieldSelector')
      ?.replace(/^metadata\.name=/, '');
    const all = objects.filter(
      o => o.kind === kind && (!fieldName || o.metadata.name === fieldName),
    );
    const limit = Number(url.searchParams.get('limit') ?? all.length);
    const offset = Number(url.searchParams.get('continue') ?? 0);
    const next =
      offset + limit < all.length ? String(offset + limit) : undefined;
    const page = {
      kind: `${kind}List`,
      apiVersion: 'v1',
      metadata: next ? { continue: next } : {},
      // list items carry no kind, like the real API server's
      items: all
        .slice(offset, offset + limit)
        .map(({ kind: _k, ...rest }) => rest),
    };
    if (mode === 'cut-short' && kind === 'Pod' && next) {
      page.metadata = { remainingItemCount: all.length - offset - limit };
    }
    const text = JSON.stringify(page);
    if (mode === 'broken-page' && kind === 'Pod' && offset > 0) {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(text.slice(0, Math.floor(text.length / 2)));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(text);
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    setMode(next) {
      mode = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
