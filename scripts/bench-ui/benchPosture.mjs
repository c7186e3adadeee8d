// The EntityPosture of one busy generated workload: 1,000 traffic edges
// (500 callers, 500 destinations) and 200 findings, shaped exactly like
// GET /api/mesh-security/entities/:namespace/:kind/:name (common/src/api.ts).
// Deterministic (seeded), so every run renders the same page.

export const BENCH_ENTITY = {
  name: 'bench-hub',
  namespace: 'bench',
  ref: 'component:default/bench-hub',
};
export const EDGES = { inbound: 500, outbound: 500 };
export const FINDINGS = 200;

/** mulberry32: small, seedable, good enough for synthetic traffic. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const health = errorShare =>
  errorShare < 0.01 ? 'OK' : errorShare < 0.05 ? 'WARN' : 'CRIT';

function flows(direction, count, random) {
  const result = [];
  for (let i = 0; i < count; i++) {
    // a few plaintext callers from a namespace outside the mesh
    const plaintext = direction === 'inbound' && i % 50 === 7;
    const protocol = i % 10 === 0 ? 'tcp' : i % 7 === 0 ? 'grpc' : 'http';
    const rate = Math.round((0.5 + random() ** 3 * 800) * 10) / 10;
    const errorShare =
      protocol === 'tcp' ? 0 : Math.round(random() ** 4 * 800) / 10000;
    const p50Ms = Math.round(2 + random() * 40);
    const ns = plaintext ? 'legacy' : `team-${String(i % 25).padStart(2, '0')}`;
    const side = direction === 'inbound' ? 'caller' : 'backend';
    result.push({
      direction,
      peer: `${ns}/${side}-${String(i).padStart(3, '0')}`,
      protocol,
      rate,
      errorShare,
      p50Ms,
      p99Ms: p50Ms * (3 + Math.round(random() * 10)),
      mtlsShare: plaintext ? 0 : 1,
      plaintext,
      health: health(errorShare),
      reporter: 'destination',
    });
  }
  return result;
}

function allowRule(policy, ruleIndex, principals) {
  return {
    policy,
    action: 'ALLOW',
    ruleIndex,
    from: [{ principals }],
    to: [{ methods: ['GET', 'POST'], paths: ['/api/*'] }],
    when: [],
    matchesEverything: false,
    dryRun: false,
  };
}

const principal = (ns, sa) => `cluster.local/ns/${ns}/sa/${sa}`;

function removeGrantPatch(policy, grant) {
  const [ns, name] = policy.split('/');
  return [
    'apiVersion: security.istio.io/v1',
    'kind: AuthorizationPolicy',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${ns}`,
    'spec:',
    '  action: ALLOW',
    '  rules:',
    '    - from:',
    '        - source:',
    '            principals:',
    `              # removed: ${grant}`,
    '              - cluster.local/ns/bench/sa/bench-client',
    '',
  ].join('\n');
}

/** The generated posture; `now` fixes generatedAt. */
export function benchPosture(now = new Date()) {
  const random = prng(20261127);
  const { name, namespace } = BENCH_ENTITY;
  const subject = `${namespace}/${name}`;
  const inbound = flows('inbound', EDGES.inbound, random);
  const outbound = flows('outbound', EDGES.outbound, random);
  const rps = inbound.reduce((sum, f) => sum + f.rate, 0);
  const mtlsRps = inbound.reduce((sum, f) => sum + f.rate * f.mtlsShare, 0);
  const errors = inbound.reduce((sum, f) => sum + f.rate * f.errorShare, 0);
  const plaintextCallers = inbound.filter(f => f.plaintext).map(f => f.peer);

  // 200 findings: 100 unknown principals and 97 unused grants spread over
  // per-caller policies, plus the workload's own mTLS findings.
  const findings = [
    {
      rule: 'plaintext-traffic-observed',
      severity: 'high',
      subject,
      reason: `${name} receives plaintext requests from ${plaintextCallers.length} callers.`,
      detail: { callers: plaintextCallers },
    },
    {
      rule: 'mtls-permissive',
      severity: 'low',
      subject,
      reason: `${name} accepts plaintext (namespace policy PERMISSIVE).`,
      remediation: [
        'apiVersion: security.istio.io/v1',
        'kind: PeerAuthentication',
        'metadata:',
        '  name: default',
        `  namespace: ${namespace}`,
        'spec:',
        '  mtls:',
        '    mode: STRICT',
        '',
      ].join('\n'),
    },
    {
      rule: 'mtls-port-exception',
      severity: 'medium',
      subject,
      port: 9090,
      reason:
        'Port 9090 accepts plaintext although the workload is otherwise mTLS.',
    },
  ];
  const allow = [];
  const policies = [];
  for (let i = 0; i < 100; i++) {
    const policy = `${namespace}/allow-caller-${String(i).padStart(3, '0')}`;
    const grant = principal(
      `team-${String(i % 25).padStart(2, '0')}`,
      `gone-${i}`,
    );
    policies.push(policy);
    allow.push(
      allowRule(policy, 0, [grant, principal('bench', 'bench-client')]),
    );
    findings.push({
      rule: 'authz-unknown-principal',
      severity: 'medium',
      subject: policy,
      reason: `The policy grants ${grant}, but that service account does not exist.`,
      detail: { grant },
      remediation: removeGrantPatch(policy, grant),
    });
  }
  for (let i = 0; findings.length < FINDINGS; i++) {
    const policy = `${namespace}/allow-batch-${String(i).padStart(3, '0')}`;
    const grant = principal('batch', `job-${i}`);
    policies.push(policy);
    allow.push(allowRule(policy, 0, [grant]));
    findings.push({
      rule: 'authz-unused-grant',
      severity: 'low',
      subject: policy,
      reason: `${grant} is allowed but was never seen calling in 24h.`,
      detail: { grant },
    });
  }

  const findingsBySeverity = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    info: 0,
  };
  for (const f of findings) findingsBySeverity[f.severity] += 1;
  const mtlsTrafficShare = rps > 0 ? mtlsRps / rps : null;
  const errorShare = rps > 0 ? errors / rps : 0;

  const workload = {
    cluster: 'bench',
    namespace,
    name,
    kind: 'Deployment',
    inMesh: true,
    dataplane: 'sidecar',
    mtlsMode: 'PERMISSIVE',
    portModes: { 9090: 'PERMISSIVE' },
    decidedBy: `${namespace}/default`,
    decisionChain: [
      {
        level: 'mesh',
        policy: 'istio-system/default',
        mode: 'STRICT',
        effective: 'STRICT',
      },
      {
        level: 'namespace',
        policy: `${namespace}/default`,
        mode: 'PERMISSIVE',
        effective: 'PERMISSIVE',
      },
    ],
    pods: [0, 1, 2].map(
      i => `${name}-7c9d8f6b5-${'abcdefghij'.slice(i, i + 5)}`,
    ),
    mixedPods: false,
    labels: { app: name, 'backstage.io/kubernetes-id': name },
    serviceAccounts: [name],
    ports: [8080, 9090],
    services: [subject],
    authorization: {
      policies,
      stance: 'restricted',
      custom: [],
      deny: [],
      allow,
      audit: [],
    },
    traffic: {
      rps,
      errorShare,
      p50Ms: 14,
      p99Ms: 180,
      mtlsShare: mtlsTrafficShare,
      health: health(errorShare),
      inbound,
      outbound,
    },
  };

  return {
    entityRef: BENCH_ENTITY.ref,
    generatedAt: now.toISOString(),
    sources: [
      {
        name: 'manifests',
        kind: 'manifests',
        state: 'ok',
        lastSuccessAt: now.toISOString(),
      },
      {
        name: 'metrics-snapshot',
        kind: 'metrics-snapshot',
        state: 'ok',
        lastSuccessAt: now.toISOString(),
      },
    ],
    assumptions: {
      bench: {
        rootNamespace: 'istio-system',
        enableAutoMtls: true,
        trustDomain: 'cluster.local',
        trustDomainAliases: [],
        meshConfigSource: null,
      },
    },
    workloads: [workload],
    services: [
      {
        cluster: 'bench',
        service: subject,
        host: `${name}.${namespace}.svc.cluster.local`,
        ports: [
          { port: 80, targetPort: 8080, name: 'http' },
          { port: 9090, targetPort: 9090, name: 'metrics' },
        ],
        workloads: [subject],
        clients: [
          {
            clientNamespace: 'team-00',
            port: 80,
            destinationRule: null,
            clientTls: 'AUTO',
            serverMode: 'PERMISSIVE',
            outcome: 'mtls',
            reason: 'auto mTLS: the client sidecar upgrades to mTLS.',
          },
        ],
      },
    ],
    findings,
    coverage: { workloads: 1, meshed: 1, strict: 0, mtlsTrafficShare },
    summary: {
      mtlsMode: 'PERMISSIVE',
      meshed: true,
      worstSeverity: 'high',
      findingsBySeverity,
      rps,
      mtlsTrafficShare,
      health: health(errorShare),
      plaintextCallers,
      hasAuthorizationPolicy: true,
      strictReady: false,
    },
  };
}
