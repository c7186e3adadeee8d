/**
 * A synthetic Istio mesh as a `kubectl get -o json`-style List, generated
 * deterministically (index arithmetic, no randomness). Per namespace: 15 apps,
 * each a Deployment + ReplicaSet (every third app also an old, scaled-down
 * ReplicaSet) + ServiceAccount + Service; 50 pods; 10 PeerAuthentications (one
 * namespace-wide, nine workload policies with portLevelMtls); 5 DestinationRules;
 * 25 AuthorizationPolicies; the istio-ca-root-cert copy. Objects carry the fields
 * a real dump has (status, probes, the injected sidecar), serialised compactly.
 *
 * At scale 1: 200 namespaces, 10,000 pods, 3,000 Services, 2,000
 * PeerAuthentications, 1,000 DestinationRules, 5,000 AuthorizationPolicies.
 */

export const PER_NAMESPACE = {
  apps: 15,
  pods: 50,
  peerAuthentications: 10,
  destinationRules: 5,
  authorizationPolicies: 25,
};
export const NAMESPACES_PER_SCALE = 200;

const APPS = PER_NAMESPACE.apps;
const PROXY_IMAGE = 'docker.io/istio/proxyv2:1.28.0';
const CREATED = '2026-06-01T08:00:00Z';

const pad = (n, width) => String(n).padStart(width, '0');
const nsName = i => `team-${pad(i, 4)}`;
const appName = a => `svc-${pad(a, 2)}`;
const hashOf = (i, a, salt = 0) =>
  ((i * 7919 + a * 104729 + salt * 31337) >>> 0)
    .toString(36)
    .padStart(7, 'x')
    .slice(-7);
const uid = (...parts) => {
  const h = parts
    .reduce((acc, p) => (Math.imul(acc ^ p, 2654435761) >>> 0) + 1, 17)
    .toString(16)
    .padStart(8, '0');
  return `${h}-${pad(parts[0] % 10000, 4)}-4${pad(parts[1] ?? 0, 3)}-8${pad(
    parts[2] ?? 0,
    3,
  )}-${h}${pad(parts[3] ?? 0, 4)}`;
};
const ip = n => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/** Namespace flavours: mostly sidecar injection, some revision-labelled, ambient, or outside the mesh. */
function flavour(i) {
  const m = i % 10;
  if (m === 9) return 'ambient';
  if (m === 8) return 'none';
  if (m === 7) return 'revision';
  return 'sidecar';
}

/** Pods per app: the first apps get one more so a namespace has exactly 50. */
function podsOf(a) {
  const base = Math.floor(PER_NAMESPACE.pods / APPS);
  return a < PER_NAMESPACE.pods - base * APPS ? base + 1 : base;
}

function appContainer(ns, app, a) {
  return {
    name: app,
    image: `registry.example.com/${ns}/${app}:1.${a}.3`,
    imagePullPolicy: 'IfNotPresent',
    ports: [
      { containerPort: 8080, name: 'http', protocol: 'TCP' },
      ...(a % 3 === 0
        ? [{ containerPort: 9090, name: 'grpc', protocol: 'TCP' }]
        : []),
    ],
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'PORT', value: '8080' },
      {
        name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
        value: 'http://otel-collector.observability:4317',
      },
    ],
    resources: {
      limits: { memory: '512Mi' },
      requests: { cpu: '100m', memory: '256Mi' },
    },
    readinessProbe: {
      httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

function podTemplateSpec(ns, app, a) {
  return {
    serviceAccountName: app,
    containers: [appContainer(ns, app, a)],
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
    terminationGracePeriodSeconds: 30,
    securityContext: {},
  };
}

function sidecar(ns, app, podName) {
  const podPorts = JSON.stringify([
    { name: 'http', containerPort: 8080, protocol: 'TCP' },
  ]);
  return {
    name: 'istio-proxy',
    image: PROXY_IMAGE,
    args: [
      'proxy',
      'sidecar',
      '--domain',
      '$(POD_NAMESPACE).svc.cluster.local',
      '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error',
      '--log_output_level=default:info',
    ],
    env: [
      { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
      { name: 'CA_ADDR', value: 'istiod.istio-system.svc:15012' },
      {
        name: 'POD_NAME',
        valueFrom: {
          fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' },
        },
      },
      {
        name: 'POD_NAMESPACE',
        valueFrom: {
          fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
        },
      },
      {
        name: 'INSTANCE_IP',
        valueFrom: {
          fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' },
        },
      },
      {
        name: 'SERVICE_ACCOUNT',
        valueFrom: {
          fieldRef: { apiVersion: 'v1', fieldPath: 'spec.serviceAccountName' },
        },
      },
      { name: 'PROXY_CONFIG', value: '{}\n' },
      { name: 'ISTIO_META_POD_PORTS', value: podPorts },
      { name: 'ISTIO_META_APP_CONTAINERS', value: app },
      { name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
      { name: 'ISTIO_META_INTERCEPTION_MODE', value: 'REDIRECT' },
      { name: 'ISTIO_META_WORKLOAD_NAME', value: app },
      {
        name: 'ISTIO_META_OWNER',
        value: `kubernetes://apis/apps/v1/namespaces/${ns}/deployments/${app}`,
      },
      { name: 'ISTIO_META_MESH_ID', value: 'cluster.local' },
      { name: 'TRUST_DOMAIN', value: 'cluster.local' },
    ],
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
    readinessProbe: {
      httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
      initialDelaySeconds: 0,
      periodSeconds: 15,
      timeoutSeconds: 3,
      failureThreshold: 4,
    },
    resources: {
      limits: { cpu: '2', memory: '1Gi' },
      requests: { cpu: '100m', memory: '128Mi' },
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 1337,
      runAsNonRoot: true,
      runAsUser: 1337,
    },
    volumeMounts: [
      {
        mountPath: '/var/run/secrets/workload-spiffe-uds',
        name: 'workload-socket',
      },
      {
        mountPath: '/var/run/secrets/credential-uds',
        name: 'credential-socket',
      },
      {
        mountPath: '/var/run/secrets/workload-spiffe-credentials',
        name: 'workload-certs',
      },
      { mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' },
      { mountPath: '/var/lib/istio/data', name: 'istio-data' },
      { mountPath: '/etc/istio/proxy', name: 'istio-envoy' },
      { mountPath: '/var/run/secrets/tokens', name: 'istio-token' },
      { mountPath: '/etc/istio/pod', name: 'istio-podinfo' },
      {
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
        name: `kube-api-access-${podName.slice(-5)}`,
        readOnly: true,
      },
    ],
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

const SIDECAR_STATUS = JSON.stringify({
  initContainers: ['istio-init'],
  containers: ['istio-proxy'],
  volumes: [
    'workload-socket',
    'credential-socket',
    'workload-certs',
    'istio-envoy',
    'istio-data',
    'istio-podinfo',
    'istio-token',
    'istiod-ca-cert',
  ],
  imagePullSecrets: null,
  revision: 'default',
});

function pod(i, a, p, podIndex) {
  const ns = nsName(i);
  const app = appName(a);
  const hash = hashOf(i, a);
  const name = `${app}-${hash}-${hashOf(i, a, p + 1).slice(0, 5)}`;
  const kind = flavour(i);
  // one app in twenty namespaces opts out of injection; another runs without its proxy
  const optOut = a === 13 && i % 20 === 0;
  const missingProxy = a === 12 && i % 40 === 1;
  const sidecarPod =
    (kind === 'sidecar' || kind === 'revision') && !optOut && !missingProxy;
  const labels = {
    app,
    version: 'v1',
    'pod-template-hash': hash,
    ...(sidecarPod && {
      'security.istio.io/tlsMode': 'istio',
      'service.istio.io/canonical-name': app,
      'service.istio.io/canonical-revision': 'v1',
    }),
    ...(optOut && { 'sidecar.istio.io/inject': 'false' }),
  };
  const annotations = {
    'kubectl.kubernetes.io/default-container': app,
    ...(sidecarPod && {
      'istio.io/rev': kind === 'revision' ? 'canary' : 'default',
      'kubectl.kubernetes.io/default-logs-container': app,
      'prometheus.io/path': '/stats/prometheus',
      'prometheus.io/port': '15020',
      'prometheus.io/scrape': 'true',
      'sidecar.istio.io/status': SIDECAR_STATUS,
    }),
    ...(kind === 'ambient' && { 'ambient.istio.io/redirection': 'enabled' }),
  };
  const spec = podTemplateSpec(ns, app, a);
  spec.serviceAccount = app;
  spec.nodeName = `node-${pad(podIndex % 120, 3)}`;
  spec.enableServiceLinks = true;
  spec.preemptionPolicy = 'PreemptLowerPriority';
  spec.priority = 0;
  spec.tolerations = [
    {
      effect: 'NoExecute',
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists',
      tolerationSeconds: 300,
    },
    {
      effect: 'NoExecute',
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      tolerationSeconds: 300,
    },
  ];
  spec.volumes = [
    {
      name: `kube-api-access-${name.slice(-5)}`,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          {
            configMap: {
              name: 'kube-root-ca.crt',
              items: [{ key: 'ca.crt', path: 'ca.crt' }],
            },
          },
        ],
      },
    },
  ];
  const statuses = [
    {
      name: app,
      image: spec.containers[0].image,
      ready: true,
      restartCount: 0,
      started: true,
      state: { running: { startedAt: CREATED } },
      containerID: `containerd://${hash}${name}`,
    },
  ];
  if (sidecarPod) {
    spec.containers.push(sidecar(ns, app, name));
    spec.initContainers = [
      {
        name: 'istio-init',
        image: PROXY_IMAGE,
        args: [
          'istio-iptables',
          '-p',
          '15001',
          '-z',
          '15006',
          '-u',
          '1337',
          '-m',
          'REDIRECT',
          '-i',
          '*',
          '-x',
          '',
          '-b',
          '*',
          '-d',
          '15090,15021,15020',
          '--log_output_level=default:info',
        ],
        resources: {
          limits: { cpu: '2', memory: '1Gi' },
          requests: { cpu: '100m', memory: '128Mi' },
        },
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
          privileged: false,
          readOnlyRootFilesystem: false,
          runAsGroup: 0,
          runAsNonRoot: false,
          runAsUser: 0,
        },
      },
    ];
    spec.volumes.push(
      { emptyDir: {}, name: 'workload-socket' },
      { emptyDir: {}, name: 'credential-socket' },
      { emptyDir: {}, name: 'workload-certs' },
      { emptyDir: { medium: 'Memory' }, name: 'istio-envoy' },
      { emptyDir: {}, name: 'istio-data' },
      {
        downwardAPI: {
          items: [
            { fieldRef: { fieldPath: 'metadata.labels' }, path: 'labels' },
            {
              fieldRef: { fieldPath: 'metadata.annotations' },
              path: 'annotations',
            },
          ],
        },
        name: 'istio-podinfo',
      },
      {
        name: 'istio-token',
        projected: {
          sources: [
            {
              serviceAccountToken: {
                audience: 'istio-ca',
                expirationSeconds: 43200,
                path: 'istio-token',
              },
            },
          ],
        },
      },
      { configMap: { name: 'istio-ca-root-cert' }, name: 'istiod-ca-cert' },
    );
    statuses.push({
      name: 'istio-proxy',
      image: PROXY_IMAGE,
      ready: true,
      restartCount: 0,
      started: true,
      state: { running: { startedAt: CREATED } },
      containerID: `containerd://${hash}${name}proxy`,
    });
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${app}-${hash}-`,
      namespace: ns,
      labels,
      annotations,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${app}-${hash}`,
          uid: uid(i, a, 1, 0),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      uid: uid(i, a, 2, p),
      resourceVersion: String(1000000 + podIndex),
      creationTimestamp: CREATED,
    },
    spec,
    status: {
      phase: 'Running',
      hostIP: ip(podIndex % 120),
      podIP: ip(65536 + podIndex),
      podIPs: [{ ip: ip(65536 + podIndex) }],
      qosClass: 'Burstable',
      startTime: CREATED,
      conditions: [
        'PodReadyToStartContainers',
        'Initialized',
        'Ready',
        'ContainersReady',
        'PodScheduled',
      ].map(type => ({
        type,
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: CREATED,
      })),
      containerStatuses: statuses,
    },
  };
}

function workloadObjects(i, a) {
  const ns = nsName(i);
  const app = appName(a);
  const hash = hashOf(i, a);
  const replicas = podsOf(a);
  const template = {
    metadata: { labels: { app, version: 'v1' } },
    spec: podTemplateSpec(ns, app, a),
  };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: app,
      namespace: ns,
      labels: { app },
      annotations: {
        'deployment.kubernetes.io/revision': a % 3 === 0 ? '2' : '1',
      },
      uid: uid(i, a, 0, 0),
      generation: 2,
      resourceVersion: String(500000 + i * APPS + a),
      creationTimestamp: CREATED,
    },
    spec: {
      replicas,
      selector: { matchLabels: { app, version: 'v1' } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template,
    },
    status: {
      replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      updatedReplicas: replicas,
      observedGeneration: 2,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          lastTransitionTime: CREATED,
          lastUpdateTime: CREATED,
        },
      ],
    },
  };
  const replicaSet = (h, count, revision) => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${app}-${h}`,
      namespace: ns,
      labels: { app, version: 'v1', 'pod-template-hash': h },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + 1),
        'deployment.kubernetes.io/revision': revision,
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: app,
          uid: uid(i, a, 0, 0),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      uid: uid(i, a, 1, Number(revision)),
      creationTimestamp: CREATED,
    },
    spec: {
      replicas: count,
      selector: { matchLabels: { app, version: 'v1', 'pod-template-hash': h } },
      template,
    },
    status: {
      replicas: count,
      readyReplicas: count,
      availableReplicas: count,
      fullyLabeledReplicas: count,
      observedGeneration: 1,
    },
  });
  const out = [deployment, replicaSet(hash, replicas, a % 3 === 0 ? '2' : '1')];
  if (a % 3 === 0) out.push(replicaSet(hashOf(i, a, 99), 0, '1'));
  out.push({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: app,
      namespace: ns,
      uid: uid(i, a, 3, 0),
      creationTimestamp: CREATED,
    },
  });
  out.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: app,
      namespace: ns,
      labels: { app },
      uid: uid(i, a, 4, 0),
      creationTimestamp: CREATED,
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: ip(131072 + i * APPS + a),
      clusterIPs: [ip(131072 + i * APPS + a)],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      selector: { app },
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
        ...(a % 3 === 0
          ? [
              {
                name: 'grpc',
                port: 9090,
                protocol: 'TCP',
                targetPort: 'grpc',
                appProtocol: 'grpc',
              },
            ]
          : []),
      ],
    },
    status: { loadBalancer: {} },
  });
  return out;
}

function peerAuthentications(i) {
  const ns = nsName(i);
  const meta = name => ({
    name,
    namespace: ns,
    uid: uid(i, 0, 5, name.length),
    creationTimestamp: CREATED,
    generation: 1,
  });
  const modes = ['STRICT', 'PERMISSIVE', 'UNSET'];
  const out = [
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: meta('default'),
      spec: i % 3 === 2 ? {} : { mtls: { mode: modes[i % 3] } },
    },
  ];
  for (let a = 0; a < PER_NAMESPACE.peerAuthentications - 1; a++) {
    const app = appName(a);
    const portLevelMtls = {
      8080: { mode: a % 2 === 0 ? 'PERMISSIVE' : 'STRICT' },
    };
    if (a % 3 === 0) portLevelMtls[9090] = { mode: 'STRICT' };
    // a Service port by mistake: portlevelmtls-unknown-port
    if (a === 4 && i % 10 === 0) portLevelMtls[80] = { mode: 'DISABLE' };
    out.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: meta(`${app}-mtls`),
      spec: {
        selector: { matchLabels: { app } },
        mtls: { mode: a % 4 === 3 ? 'PERMISSIVE' : 'STRICT' },
        portLevelMtls,
      },
    });
  }
  return out;
}

function destinationRules(i) {
  const ns = nsName(i);
  const out = [];
  for (let a = 0; a < PER_NAMESPACE.destinationRules; a++) {
    const app = appName(a);
    // one in fifty sends plaintext to a STRICT server: dr-tls-disable-to-strict
    const mode =
      (i * PER_NAMESPACE.destinationRules + a) % 50 === 7
        ? 'DISABLE'
        : 'ISTIO_MUTUAL';
    out.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: {
        name: app,
        namespace: ns,
        uid: uid(i, a, 6, 0),
        creationTimestamp: CREATED,
        generation: 1,
      },
      spec: {
        host: `${app}.${ns}.svc.cluster.local`,
        ...(a === 4 && { exportTo: ['.'] }),
        trafficPolicy: {
          connectionPool: {
            http: { http2MaxRequests: 1000, maxRequestsPerConnection: 100 },
          },
          outlierDetection: {
            consecutive5xxErrors: 5,
            interval: '30s',
            baseEjectionTime: '60s',
          },
          tls: { mode },
          ...(a % 3 === 0 && {
            portLevelSettings: [
              { port: { number: 9090 }, tls: { mode: 'ISTIO_MUTUAL' } },
            ],
          }),
        },
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          {
            name: 'v2',
            labels: { version: 'v2' },
            trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
          },
        ],
      },
    });
  }
  return out;
}

function authorizationPolicies(i, namespaces) {
  const ns = nsName(i);
  const other = k => nsName((i + k * 7) % namespaces);
  const meta = name => ({
    name,
    namespace: ns,
    uid: uid(i, name.length, 7, 0),
    creationTimestamp: CREATED,
    generation: 1,
  });
  const ap = (name, spec) => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: meta(name),
    spec,
  });
  const out = [];
  for (let a = 0; a < APPS; a++) {
    const app = appName(a);
    // an unknown service account now and then: authz-unknown-principal
    const caller =
      a === 6 && i % 25 === 0 ? 'retired-client' : appName((a + 1) % APPS);
    out.push(
      ap(`${app}-allow`, {
        selector: { matchLabels: { app } },
        action: 'ALLOW',
        rules: [
          {
            from: [
              {
                source: {
                  principals: [
                    `cluster.local/ns/${ns}/sa/${caller}`,
                    `cluster.local/ns/${other(1)}/sa/${appName(
                      (a + 2) % APPS,
                    )}`,
                  ],
                },
              },
            ],
            to: [
              {
                operation: {
                  methods: ['GET', 'POST'],
                  paths: ['/api/*'],
                  ports: ['8080'],
                },
              },
            ],
          },
          {
            from: [{ source: { namespaces: [ns, 'istio-system'] } }],
            to: [{ operation: { paths: ['/healthz', '/metrics'] } }],
          },
        ],
      }),
    );
  }
  for (let d = 0; d < 5; d++) {
    out.push(
      ap(`deny-${d}`, {
        selector: { matchLabels: { app: appName(d * 3) } },
        action: 'DENY',
        rules: [
          d === 2
            ? { to: [{ operation: { methods: ['DELETE'] } }] } // reaches the gRPC (TCP) port: authz-deny-http-fields-on-tcp
            : {
                from: [{ source: { notNamespaces: [ns, other(2)] } }],
                to: [{ operation: { paths: ['/admin*'] } }],
              },
        ],
      }),
    );
  }
  out.push(
    ap('ns-allow-ingress', {
      action: 'ALLOW',
      rules: [
        {
          from: [
            {
              source: {
                principals: [
                  'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
                ],
              },
            },
          ],
        },
      ],
    }),
  );
  out.push(
    ap('ns-allow-monitoring', {
      action: 'ALLOW',
      rules: [
        {
          from: [{ source: { namespaces: ['monitoring'] } }],
          to: [{ operation: { ports: ['15020'] } }],
        },
      ],
    }),
  );
  out.push(
    ap('audit-writes', {
      action: 'AUDIT',
      rules: [{ to: [{ operation: { methods: ['POST', 'PUT', 'DELETE'] } }] }],
    }),
  );
  out.push(
    ap('dry-run-lockdown', {
      selector: { matchLabels: { app: appName(14) } },
      action: 'DENY',
      rules: [
        {
          from: [
            {
              source: {
                notPrincipals: [`cluster.local/ns/${ns}/sa/${appName(1)}`],
              },
            },
          ],
        },
      ],
    }),
  );
  out[out.length - 1].metadata.annotations = { 'istio.io/dry-run': 'true' };
  out.push(
    i % 17 === 0
      ? ap('open-door', {
          selector: { matchLabels: { app: appName(10) } },
          action: 'ALLOW',
          rules: [{}],
        }) // authz-allow-all
      : ap('legacy-callers', {
          selector: { matchLabels: { app: appName(11) } },
          action: 'ALLOW',
          rules: [{ from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }] }],
        }),
  );
  return out;
}

function controlPlane(rootCertPem, namespaces) {
  const objects = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'istio-system',
        uid: uid(9999, 0, 0, 0),
        creationTimestamp: CREATED,
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'istio',
        namespace: 'istio-system',
        labels: { 'istio.io/rev': 'default' },
        uid: uid(9999, 1, 0, 0),
        creationTimestamp: CREATED,
      },
      data: {
        mesh: 'defaultConfig:\n  discoveryAddress: istiod.istio-system.svc:15012\nenableAutoMtls: true\nrootNamespace: istio-system\ntrustDomain: cluster.local\n',
        meshNetworks: 'networks: {}',
      },
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: {
        name: 'default',
        namespace: 'istio-system',
        uid: uid(9999, 2, 0, 0),
        creationTimestamp: CREATED,
      },
      spec: { mtls: { mode: 'STRICT' } },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'istio-ingressgateway-service-account',
        namespace: 'istio-system',
        creationTimestamp: CREATED,
      },
    },
  ];
  for (const ns of [
    'istio-system',
    ...Array.from({ length: namespaces }, (_, i) => nsName(i)),
  ]) {
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'istio-ca-root-cert',
        namespace: ns,
        labels: { 'istio.io/config': 'true' },
        creationTimestamp: CREATED,
      },
      data: { 'root-cert.pem': rootCertPem },
    });
  }
  return objects;
}

function namespaceObject(i) {
  const kind = flavour(i);
  const labels = {
    'kubernetes.io/metadata.name': nsName(i),
    team: `team-${i % 40}`,
  };
  if (kind === 'sidecar') labels['istio-injection'] = 'enabled';
  if (kind === 'revision') labels['istio.io/rev'] = 'canary';
  if (kind === 'ambient') labels['istio.io/dataplane-mode'] = 'ambient';
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: nsName(i),
      labels,
      uid: uid(i, 0, 0, 9),
      creationTimestamp: CREATED,
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function forEachObject(scale, rootCertPem, emit) {
  const namespaces = NAMESPACES_PER_SCALE * scale;
  controlPlane(rootCertPem, namespaces).forEach(emit);
  let podIndex = 0;
  for (let i = 0; i < namespaces; i++) {
    emit(namespaceObject(i));
    for (let a = 0; a < APPS; a++) {
      workloadObjects(i, a).forEach(emit);
      for (let p = 0; p < podsOf(a); p++) emit(pod(i, a, p, podIndex++));
    }
    peerAuthentications(i).forEach(emit);
    destinationRules(i).forEach(emit);
    authorizationPolicies(i, namespaces).forEach(emit);
  }
}

/**
 * The dump as one compact JSON string (a List, as `kubectl get -o json` returns
 * it, without the indentation) plus the object counts.
 *
 * Memory matters here because the benchmark reports peak RSS: objects are
 * serialised one at a time, twice. The first pass sizes the dump, the second
 * writes it into an exactly sized buffer that becomes the string. The peak
 * is the buffer plus the string (2x the dump), never the object graph nor a
 * list of fragments.
 */
export function generateDump(scale, rootCertPem) {
  const head =
    '{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[';
  const tail = ']}';
  const counts = {};
  let size = head.length + tail.length;
  let first = true;
  forEachObject(scale, rootCertPem, object => {
    counts[object.kind] = (counts[object.kind] ?? 0) + 1;
    size += JSON.stringify(object).length + (first ? 0 : 1);
    first = false;
  });
  // every generated character is ASCII, so latin1 length = UTF-8 length
  const buffer = Buffer.allocUnsafe(size);
  let offset = buffer.write(head, 0, 'latin1');
  first = true;
  forEachObject(scale, rootCertPem, object => {
    if (!first) offset = buffer.writeUInt8(0x2c, offset);
    first = false;
    offset += buffer.write(JSON.stringify(object), offset, 'latin1');
  });
  offset += buffer.write(tail, offset, 'latin1');
  if (offset !== size)
    throw new Error(`dump size mismatch: wrote ${offset} of ${size} bytes`);
  return {
    dump: buffer.toString('latin1'),
    counts,
    workloads: counts.Deployment,
  };
}
