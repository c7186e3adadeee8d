// Backend "live": two clusters through the kubernetes plugin and Prometheus.
// One source misbehaves at a time; the next refresh must mark it (stale,
// partial, error) and keep what is known, never serve an all-clear.
import { ENTITY, assert, postureAfter, sourceOf } from './waits.mjs';

const PLAINTEXT = 'plaintext-traffic-observed';

function assertKnownPosture(body) {
  const clusters = body.workloads
    .filter(w => w.name === 'payment-service')
    .map(w => `${w.cluster}:${w.mtlsMode}`)
    .sort();
  assert(
    clusters.join() === 'alpha:STRICT,beta:STRICT',
    `payment-service workloads: ${clusters.join() || 'none'}`,
  );
  assert(
    body.findings.some(f => f.rule === PLAINTEXT),
    `the ${PLAINTEXT} finding vanished`,
  );
}

export async function liveFamily({ backend, prometheus, clusters, check }) {
  const { beta } = clusters;

  // beta has refused AuthorizationPolicies since before the first refresh
  await check(
    'kubernetes: beta 403 for AuthorizationPolicy from its first read → partial, policies unknown',
    async () => {
      const body = await postureAfter(
        backend,
        new Date(0),
        b =>
          sourceOf(b, 'kubernetes:beta')?.state === 'partial' &&
          sourceOf(b, 'kubernetes:alpha')?.state === 'ok' &&
          sourceOf(b, 'prometheus')?.state === 'ok',
        'beta partial, the others ok',
      );
      const betaWorkload = body.workloads.find(w => w.cluster === 'beta');
      assert(
        betaWorkload?.unknownKinds?.includes('AuthorizationPolicy'),
        'the beta workload does not say its policies are unknown',
      );
      assert(
        body.summary.unknownKinds?.includes('AuthorizationPolicy'),
        'the summary does not say policies are unknown',
      );
      // never "no policies"
      assert(
        body.summary.hasAuthorizationPolicy !== false,
        'summary says the entity has no AuthorizationPolicy',
      );
      assertKnownPosture(body);
    },
  );
  await check('live: both clusters and Prometheus read in full', async () => {
    const since = new Date();
    beta.setMode('ok');
    const body = await postureAfter(
      backend,
      since,
      b => b.sources.length === 3 && b.sources.every(s => s.state === 'ok'),
      'every source ok',
    );
    assertKnownPosture(body);
  });

  const prometheusModes = [
    ['down', 'connections reset'],
    ['http500', 'HTTP 500 echoing the request headers'],
    ['never', 'never answering'],
    ['garbage', 'an answer that is not JSON'],
    ['huge', 'an answer past maxResponseBytes'],
    ['series', 'more series than maxSeries'],
    ['echo', 'an error repeating the request headers'],
  ];
  for (const [mode, what] of prometheusModes) {
    await check(
      `prometheus: ${what} → stale metrics, findings kept`,
      async () => {
        const since = new Date();
        prometheus.setMode(mode);
        const body = await postureAfter(
          backend,
          since,
          b => sourceOf(b, 'prometheus')?.state === 'stale',
          'prometheus marked stale',
        );
        assert(sourceOf(body, 'prometheus').message, 'stale without a message');
        assertKnownPosture(body);
      },
    );
  }
  await check(
    'prometheus: warnings repeating the request headers are shown without them',
    async () => {
      const since = new Date();
      prometheus.setMode('echo-warnings');
      const body = await postureAfter(
        backend,
        since,
        b =>
          sourceOf(b, 'prometheus')?.state === 'ok' &&
          sourceOf(b, 'prometheus').warnings,
        'prometheus ok with warnings',
      );
      assertKnownPosture(body);
    },
  );
  prometheus.setMode('ok');

  const clusterFaults = [
    ['unauthorized', '401 on every list', /401/],
    ['down', 'API server down', /./],
    [
      'cut-short',
      'a truncated page (items left, no continue token)',
      /cut short/,
    ],
    [
      'broken-page',
      'a page cut off mid-JSON',
      /unexpected response|JSON|while paging/i,
    ],
    ['echo', 'an error that repeats the token', /500/],
  ];
  await check(
    'kubernetes: beta 403 for AuthorizationPolicy after a good read → partial, never "no policies"',
    async () => {
      // what the full read said, to compare the partial one with
      const full = await postureAfter(
        backend,
        new Date(0),
        b => sourceOf(b, 'kubernetes:beta')?.state === 'ok',
        'beta ok',
      );
      const since = new Date();
      beta.setMode('forbid-authz');
      const body = await postureAfter(
        backend,
        since,
        b => sourceOf(b, 'kubernetes:beta')?.state === 'partial',
        'beta partial',
      );
      const status = sourceOf(body, 'kubernetes:beta');
      assert(
        status.warnings?.some(w => w.includes('AuthorizationPolicy')),
        `warnings: ${JSON.stringify(status.warnings)}`,
      );
      // the last good list stands in: the policies are what the full read
      // found, never fewer
      assert(
        body.summary.hasAuthorizationPolicy ===
          full.summary.hasAuthorizationPolicy,
        `hasAuthorizationPolicy ${body.summary.hasAuthorizationPolicy}, full read ${full.summary.hasAuthorizationPolicy}`,
      );
      assert(
        JSON.stringify(body.workloads.map(w => w.authorization)) ===
          JSON.stringify(full.workloads.map(w => w.authorization)),
        'the authorization stance differs from the full read',
      );
      assert(
        sourceOf(body, 'kubernetes:alpha')?.state === 'ok',
        'alpha not ok',
      );
      assertKnownPosture(body);
    },
  );
  for (const [mode, what, message] of clusterFaults) {
    await check(
      `kubernetes: beta ${what} → stale, alpha unharmed`,
      async () => {
        const since = new Date();
        beta.setMode(mode);
        const body = await postureAfter(
          backend,
          since,
          b =>
            ['stale', 'error'].includes(sourceOf(b, 'kubernetes:beta')?.state),
          'beta stale',
        );
        const status = sourceOf(body, 'kubernetes:beta');
        assert(
          message.test(status.message ?? ''),
          `message: ${status.message}`,
        );
        assert(
          sourceOf(body, 'kubernetes:alpha')?.state === 'ok',
          'alpha not ok',
        );
        assertKnownPosture(body);
      },
    );
  }
  await check('kubernetes: beta answering again → ok', async () => {
    const since = new Date();
    beta.setMode('ok');
    const body = await postureAfter(
      backend,
      since,
      b => b.sources.every(s => s.state === 'ok'),
      'every source ok again',
    );
    assertKnownPosture(body);
  });
  await check(
    'kubernetes: the service account tokens reached the API servers',
    async () => {
      for (const [name, cluster] of Object.entries(clusters)) {
        assert(cluster.requests.total > 0, `${name}: never asked`);
        assert(
          cluster.requests.badToken === 0,
          `${name}: ${cluster.requests.badToken} requests without its token`,
        );
      }
      assert(
        prometheus.badAuth === 0,
        `prometheus: ${prometheus.badAuth} requests without basic auth`,
      );
    },
  );
  return ENTITY;
}
