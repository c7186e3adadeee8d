/**
 * A fake Kubernetes API server serving the benchmark mesh of
 * `yarn bench:engine` (plugins/mesh-security-cli/bench/syntheticMesh.mjs) at
 * a given scale: cluster-wide lists in pages of `limit` with `continue`
 * tokens and `remainingItemCount`, `fieldSelector=metadata.name=…`, list items
 * without `kind` as a real API server sends them. It runs in a child process
 * of its own, so that generating and sending pages costs the measured backend
 * nothing; it counts the bytes of list bodies it sent. Each page is built once
 * and then sent as the same bytes, as an API server answers from its watch
 * cache: on the bench's two cores, rebuilding 320 MB of pages per refresh took
 * CPU from the backend that a real API server, elsewhere, never takes.
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

/** kind → plural resource of the lists the backend reads */
const RESOURCES = {
  Namespace: 'namespaces',
  Pod: 'pods',
  Service: 'services',
  ServiceAccount: 'serviceaccounts',
  ReplicaSet: 'replicasets',
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  PeerAuthentication: 'peerauthentications',
  AuthorizationPolicy: 'authorizationpolicies',
  DestinationRule: 'destinationrules',
  ConfigMap: 'configmaps',
};

async function serve(scale) {
  const { generateDump } = await import(
    new URL('../../mesh-security-cli/bench/syntheticMesh.mjs', import.meta.url)
  );
  const { rootCertificate } = await import(
    new URL(
      '../../mesh-security-cli/bench/rootCertificate.mjs',
      import.meta.url,
    )
  );
  let pem;
  try {
    pem = rootCertificate();
  } catch {
    pem = '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n';
  }
  const { dump } = generateDump(scale, pem);
  const items = JSON.parse(dump).items;
  /** resource → items, each as the JSON text a list carries (no kind) */
  const lists = new Map(Object.values(RESOURCES).map(r => [r, []]));
  for (const item of items) {
    const resource = RESOURCES[item.kind];
    if (!resource) continue;
    const { kind: _kind, ...rest } = item;
    lists
      .get(resource)
      .push({ name: item.metadata.name, json: JSON.stringify(rest) });
  }
  let bytes = 0;
  /** request path and query → the list body sent for it */
  const pages = new Map();

  const listBody = (url, all) => {
    const segments = url.pathname.split('/');
    const resource = segments.pop();
    const field = url.searchParams.get('fieldSelector');
    const named = field?.startsWith('metadata.name=')
      ? all.filter(i => i.name === field.slice('metadata.name='.length))
      : all;
    const limit =
      Number(url.searchParams.get('limit') ?? named.length) || named.length;
    const offset = Number(url.searchParams.get('continue') ?? 0);
    const page = named.slice(offset, offset + limit);
    const next = offset + limit < named.length ? String(offset + limit) : '';
    const kind = Object.keys(RESOURCES).find(k => RESOURCES[k] === resource);
    const metadata = next
      ? { continue: next, remainingItemCount: named.length - offset - limit }
      : {};
    return Buffer.from(
      `{"kind":"${kind}List","apiVersion":"${segments
        .slice(2)
        .join('/')}","metadata":${JSON.stringify(metadata)},"items":[${page
        .map(i => i.json)
        .join(',')}]}`,
    );
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const all = lists.get(url.pathname.split('/').pop());
    if (!all) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"kind":"Status","code":404,"reason":"NotFound"}');
      return;
    }
    const key = `${url.pathname}${url.search}`;
    let body = pages.get(key);
    if (!body) {
      body = listBody(url, all);
      pages.set(key, body);
    }
    bytes += body.length;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  // a listening server outlives its parent: go when the bench does, however it ended
  process.on('disconnect', () => process.exit(0));
  process.on('message', message => {
    if (message === 'bytes') process.send({ bytes });
    if (message === 'reset') {
      bytes = 0;
      process.send({ reset: true });
    }
  });
  process.send({
    port: server.address().port,
    objects: items.length,
    dumpBytes: dump.length,
  });
}

if (process.argv[2] === '--serve') {
  serve(Number(process.argv[3])).catch(error => {
    console.error(error);
    process.exit(1);
  });
}

/** Starts the fake API server at `scale` in a child process. */
export async function startFakeApiServer(scale) {
  const child = fork(SELF, ['--serve', String(scale)], {
    execArgv: ['--max-old-space-size=8192'],
    stdio: 'inherit',
  });
  const next = () =>
    new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', code =>
        reject(new Error(`fake API server exited (${code})`)),
      );
    });
  const ready = await next();
  return {
    url: `http://127.0.0.1:${ready.port}`,
    objects: ready.objects,
    dumpBytes: ready.dumpBytes,
    /** bytes of list bodies sent since the last reset */
    bytes: async () => {
      child.send('bytes');
      return (await next()).bytes;
    },
    reset: async () => {
      child.send('reset');
      await next();
    },
    close: () => {
      child.kill();
    },
  };
}
