/**
 * What-if benchmark (not a test): the cost of simulating a one-namespace
 * change against one full evaluation, as the backend meets it (the current
 * report already computed).
 *
 *   yarn bench:simulate   (builds -common and -node, then
 *                          node --expose-gc bench/simulate.mjs in this package)
 *
 * The 1x synthetic mesh of ./syntheticMesh.mjs (10k pods) with synthetic
 * metrics: 50k edges spread evenly over the workloads, a tenth of them in
 * plaintext, each with its identity over the long window. The change turns
 * one namespace with PERMISSIVE workloads STRICT. Figures are medians of RUNS runs:
 *   evaluate (objects + metrics): the full evaluation
 *   simulate: simulateChange with `current` given (one evaluation + the diff)
 * Last line: `simulate/evaluate ratio: R` (target R <= 1.2).
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { rootCertificate } from './rootCertificate.mjs';
import { useBuiltPackages } from './builtPackages.mjs';
import { generateDump, NAMESPACES_PER_SCALE } from './syntheticMesh.mjs';

const require = createRequire(import.meta.url);
useBuiltPackages([
  '@mesh-security/plugin-mesh-security-common',
  '@mesh-security/mesh-security-engine',
]);
const {
  evaluateMesh,
  simulateChange,
} = require('@mesh-security/mesh-security-engine');

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const EDGES = 50_000;
const NOW = new Date('2026-11-27T09:00:00Z');
const gc = globalThis.gc ?? (() => undefined);

/** Deterministic callers for every workload of the report. */
function syntheticMetrics(report) {
  const workloads = Object.values(report.workloads).filter(
    w => !w.coverageExcluded,
  );
  const flows = [];
  const identities = [];
  const callers = Math.ceil(EDGES / workloads.length);
  workloads.forEach((callee, i) => {
    for (let k = 1; k <= callers; k++) {
      const caller = workloads[(i * 7919 + k * 104729) % workloads.length];
      const plaintext = (i + k) % 10 === 0;
      const security = plaintext ? 'none' : 'mutual_tls';
      const rate = 1 + ((i * 31 + k) % 50);
      const base = {
        sourceNamespace: caller.namespace,
        sourceWorkload: caller.name,
        destinationNamespace: callee.namespace,
        destinationWorkload: callee.name,
      };
      flows.push({
        ...base,
        reporter: 'destination',
        protocol: 'http',
        security,
        rate,
        errorRate: 0,
      });
      flows.push({
        ...base,
        reporter: 'source',
        protocol: 'http',
        security: 'unknown',
        rate,
        errorRate: 0,
      });
      identities.push({
        destinationNamespace: callee.namespace,
        destinationWorkload: callee.name,
        sourceNamespace: caller.namespace,
        sourceWorkload: caller.name,
        sourcePrincipal: plaintext
          ? 'unknown'
          : `spiffe://cluster.local/ns/${caller.namespace}/sa/${
              caller.serviceAccounts[0] ?? 'default'
            }`,
        security,
        count: rate * 86400,
      });
    }
  });
  return {
    collectedAt: NOW.toISOString(),
    window: '5m',
    longWindow: '24h',
    flows,
    latencies: [],
    identities,
  };
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const time = fn => {
  gc();
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
};

const pem = rootCertificate();
const objects = JSON.parse(generateDump(1, pem).dump).items;
const metrics = syntheticMetrics(evaluateMesh({ objects, now: NOW }));
console.log(
  `1x mesh: ${NAMESPACES_PER_SCALE} namespaces, ${objects.length} objects, ${
    metrics.flows.length / 2
  } edges`,
);
const permissive = Object.values(
  evaluateMesh({ objects, now: NOW }).workloads,
).find(
  w =>
    w.inMesh &&
    w.mtlsMode === 'PERMISSIVE' &&
    !w.coverageExcluded &&
    // a namespace policy decides it (a workload policy would override the change)
    w.decisionChain.every(
      step => step.level !== 'workload' && step.level !== 'port',
    ),
);
if (!permissive)
  throw new Error('the synthetic mesh has no PERMISSIVE workload');
const namespace = permissive.namespace;
const change = {
  apply: [
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace },
      spec: { mtls: { mode: 'STRICT' } },
    },
  ],
  delete: [],
};

// warm-up: one of each, so neither figure pays for JIT compilation
const current = evaluateMesh({ objects, metrics, now: NOW });
simulateChange({ objects, metrics, now: NOW, change, current });

const evaluations = [];
const simulations = [];
let last;
for (let run = 0; run < RUNS; run++) {
  evaluations.push(time(() => evaluateMesh({ objects, metrics, now: NOW })).ms);
  const s = time(() =>
    simulateChange({ objects, metrics, now: NOW, change, current }),
  );
  simulations.push(s.ms);
  last = s.value.result;
}
const evaluate = median(evaluations);
const simulate = median(simulations);
console.log(
  `change: STRICT for namespace ${namespace} → ${last.workloads.length} workloads change, ${last.flows.length} flows change (${last.breaking.flows} break)`,
);
console.log(
  `evaluate (objects + metrics): ${evaluate.toFixed(0)} ms (median of ${RUNS})`,
);
console.log(
  `simulate (current given): ${simulate.toFixed(0)} ms (median of ${RUNS})`,
);
console.log(`simulate/evaluate ratio: ${(simulate / evaluate).toFixed(2)}`);
