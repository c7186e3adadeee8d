/**
 * What a what-if simulation costs the backend serving requests: POST
 * /simulate of a namespace-wide STRICT PeerAuthentication in one namespace of
 * the refreshed mesh, asked twice (the first reads the cluster's kept
 * inputs, the second finds them parsed), with the event loop's longest delay
 * while they run (perf_hooks.monitorEventLoopDelay in this process, the
 * backend's; 10 ms resolution).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

const strictIn = namespace => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: ${namespace}
spec:
  mtls:
    mode: STRICT
`;

async function simulate(backend, body) {
  const started = performance.now();
  const res = await fetch(`${backend.baseUrl}/api/mesh-security/simulate`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${backend.token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

/** When the cluster's kept inputs were evaluated (undefined: none kept). */
export async function keptEvaluatedAt(backend, cluster) {
  const db = await backend.pluginDatabase();
  const row = await db('mesh_security_simulation_inputs')
    .where({ cluster })
    .first('evaluated_at');
  return row?.evaluated_at;
}

/**
 * `after`: the evaluation whose inputs were kept before the refresh; the
 * refresh keeps the new ones at its very end, after serving its snapshot.
 */
export async function measureWhatIf(backend, { cluster, namespace, after }) {
  for (let attempt = 1; ; attempt++) {
    const kept = await keptEvaluatedAt(backend, cluster);
    if (kept && kept !== after) break;
    if (attempt >= 600) throw new Error('the refresh never kept its inputs');
    await sleep(200);
  }
  const body = { cluster, yaml: strictIn(namespace) };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const first = await simulate(backend, body);
  const next = await simulate(backend, body);
  loop.disable();
  for (const r of [first, next]) {
    if (r.status !== 200) {
      throw new Error(
        `POST /simulate: HTTP ${r.status} ${r.text.slice(0, 300)}`,
      );
    }
  }
  const workloads = JSON.parse(next.text).clusters[0].workloads.length;
  return {
    firstMs: first.ms,
    nextMs: next.ms,
    workloads,
    maxDelayMs: loop.max / 1e6,
  };
}
