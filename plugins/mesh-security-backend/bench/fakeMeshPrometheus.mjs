/**
 * A fake Prometheus answering the refresh's six queries with Istio traffic
 * of the benchmark mesh of `yarn bench:engine` at a given scale: each app
 * calls the next app of its namespace and the same app of the next
 * namespace; both reporters; a 503 series on every fifth app; p50/p99 per
 * edge and per workload; the callers' identities over the long window. At 4x
 * that is 24,000 edges, 201,600 series and ~50 MB of answers. It runs in a child process of
 * its own and builds each answer once, so that the measured backend pays
 * only for reading them, as it would from a Prometheus elsewhere.
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const NAMESPACES_PER_SCALE = 200;
const APPS = 15;

const pad = (n, width) => String(n).padStart(width, '0');
const nsName = i => `team-${pad(i, 4)}`;
const appName = a => `svc-${pad(a, 2)}`;

/** Which of the six queries a PromQL text is (see src/sources/meshQueries.ts). */
function queryKind(query) {
  if (query.includes('histogram_quantile')) {
    return query.includes('source_workload')
      ? 'edgeLatency'
      : 'workloadLatency';
  }
  const tcp = query.includes('istio_tcp_connections_opened_total');
  if (query.includes('source_principal')) {
    return tcp ? 'tcpIdentities' : 'httpIdentities';
  }
  return tcp ? 'tcpFlows' : 'httpFlows';
}

function answers(scale, now) {
  const namespaces = NAMESPACES_PER_SCALE * scale;
  const rows = {
    httpFlows: [],
    tcpFlows: [],
    edgeLatency: [],
    workloadLatency: [],
    httpIdentities: [],
    tcpIdentities: [],
  };
  const row = (metric, value) =>
    JSON.stringify({ metric, value: [now, String(value)] });
  for (let i = 0; i < namespaces; i++) {
    const ns = nsName(i);
    for (let a = 0; a < APPS; a++) {
      const app = appName(a);
      rows.workloadLatency.push(
        row(
          {
            destination_workload_namespace: ns,
            destination_workload: app,
            ms_quantile: 'p50',
          },
          4 + (a % 7),
        ),
        row(
          {
            destination_workload_namespace: ns,
            destination_workload: app,
            ms_quantile: 'p99',
          },
          40 + (a % 11) * 9,
        ),
      );
      const callees = [
        [ns, appName((a + 1) % APPS)],
        [nsName((i + 1) % namespaces), app],
      ];
      for (const [dns, dapp] of callees) {
        const edge = {
          source_workload_namespace: ns,
          source_workload: app,
          destination_workload_namespace: dns,
          destination_workload: dapp,
        };
        const rate = ((i * 7 + a) % 50) / 3 + 0.1;
        for (const reporter of ['source', 'destination']) {
          const security =
            reporter === 'destination' ? 'mutual_tls' : 'unknown';
          const flow = {
            reporter,
            ...edge,
            destination_service: `${dapp}.${dns}.svc.cluster.local`,
            request_protocol: 'http',
            connection_security_policy: security,
          };
          rows.httpFlows.push(row({ ...flow, response_code: '200' }, rate));
          if (a % 5 === 0) {
            rows.httpFlows.push(
              row({ ...flow, response_code: '503' }, rate / 50),
            );
          }
          rows.edgeLatency.push(
            row({ reporter, ...edge, ms_quantile: 'p50' }, 5 + (a % 5)),
            row({ reporter, ...edge, ms_quantile: 'p99' }, 50 + (a % 13) * 7),
          );
        }
        rows.httpIdentities.push(
          row(
            {
              destination_workload_namespace: dns,
              destination_workload: dapp,
              source_principal: `spiffe://cluster.local/ns/${ns}/sa/${app}`,
              source_workload_namespace: ns,
              source_workload: app,
              connection_security_policy: 'mutual_tls',
            },
            Math.round(rate * 86400),
          ),
        );
      }
    }
  }
  return Object.fromEntries(
    Object.entries(rows).map(([kind, list]) => [
      kind,
      Buffer.from(
        `{"status":"success","data":{"resultType":"vector","result":[${list.join(
          ',',
        )}]}}`,
      ),
    ]),
  );
}

function serve(scale) {
  const bodies = answers(scale, Math.floor(Date.now() / 1000));
  let queries = 0;
  const server = createServer((req, res) => {
    if (!req.url?.startsWith('/api/v1/query')) {
      res.writeHead(404).end();
      return;
    }
    const chunks = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      queries++;
      const query =
        new URLSearchParams(Buffer.concat(chunks).toString()).get('query') ??
        new URL(req.url, 'http://x').searchParams.get('query') ??
        '';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(bodies[queryKind(query)]);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    // a listening server outlives its parent: go when the bench does, however it ended
    process.on('disconnect', () => process.exit(0));
    process.on('message', message => {
      if (message === 'queries') process.send({ queries });
    });
    process.send({
      port: server.address().port,
      bytes: Object.values(bodies).reduce((sum, b) => sum + b.length, 0),
      series: Object.fromEntries(
        Object.entries(bodies).map(([kind, b]) => [
          kind,
          b.length > 60 ? b.toString().split('{"metric"').length - 1 : 0,
        ]),
      ),
    });
  });
}

if (process.argv[2] === '--serve') serve(Number(process.argv[3]));

/** Starts the fake Prometheus for the mesh at `scale` in a child process. */
export async function startFakeMeshPrometheus(scale) {
  const child = fork(SELF, ['--serve', String(scale)], { stdio: 'inherit' });
  const next = () =>
    new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', code =>
        reject(new Error(`fake Prometheus exited (${code})`)),
      );
    });
  const ready = await next();
  return {
    url: `http://127.0.0.1:${ready.port}`,
    /** bytes of the six answers of one read */
    bytes: ready.bytes,
    /** series per query */
    series: ready.series,
    queries: async () => {
      child.send('queries');
      return (await next()).queries;
    },
    close: () => {
      child.kill();
    },
  };
}
