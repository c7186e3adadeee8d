import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { KubernetesPluginSource } from './kubernetesPluginSource';
import { Redactor } from './redact';

const BASE = 'http://localhost:0/api/kubernetes';
const TOKEN = mockCredentials.service.token({
  onBehalfOf: mockCredentials.service('plugin:mesh-security'),
  targetPluginId: 'kubernetes',
});

const LIST_KINDS: Record<string, string> = {
  namespaces: 'NamespaceList',
  pods: 'PodList',
  configmaps: 'ConfigMapList',
  authorizationpolicies: 'AuthorizationPolicyList',
  peerauthentications: 'PeerAuthenticationList',
  deployments: 'DeploymentList',
};

type Reply = (url: URL) => Response | undefined;

/**
 * An in-memory Kubernetes API behind the Kubernetes plugin's proxy: serves
 * `items` per cluster and path with real `limit`/`continue` paging, and lets a
 * test override the reply of one path.
 */
class FakeClusters {
  readonly requests: Array<{
    cluster: string | null;
    url: URL;
    auth: string | null;
  }> = [];
  private readonly data = new Map<string, Map<string, any[]>>();
  private readonly overrides = new Map<string, Reply>();

  add(cluster: string, path: string, items: any[]) {
    if (!this.data.has(cluster)) this.data.set(cluster, new Map());
    this.data.get(cluster)!.set(path, items);
    return this;
  }

  override(cluster: string, path: string, reply: Reply) {
    this.overrides.set(`${cluster} ${path}`, reply);
  }

  handlers() {
    return [
      http.get(`${BASE}/clusters`, ({ request }) => {
        if (request.headers.get('authorization') !== `Bearer ${TOKEN}`) {
          return HttpResponse.json(
            { error: { name: 'AuthenticationError' } },
            { status: 401 },
          );
        }
        return HttpResponse.json({
          items: [...this.data.keys()].map(name => ({
            name,
            authProvider: 'serviceAccount',
          })),
        });
      }),
      http.get(`${BASE}/proxy/*`, ({ request }) => {
        const url = new URL(request.url);
        const cluster = request.headers.get('backstage-kubernetes-cluster');
        this.requests.push({
          cluster,
          url,
          auth: request.headers.get('authorization'),
        });
        const path = url.pathname.slice(`/api/kubernetes/proxy`.length);
        const override = this.overrides.get(`${cluster} ${path}`)?.(url);
        if (override) return override;
        const items = this.data.get(cluster ?? '')?.get(path);
        if (!items) {
          return HttpResponse.json(
            {
              kind: 'Status',
              apiVersion: 'v1',
              status: 'Failure',
              reason: 'NotFound',
              code: 404,
            },
            { status: 404 },
          );
        }
        let selected = items;
        const fieldSelector = url.searchParams.get('fieldSelector');
        if (fieldSelector) {
          const name = fieldSelector.replace('metadata.name=', '');
          selected = items.filter(i => i.metadata.name === name);
        }
        const limit = Number(url.searchParams.get('limit'));
        const offset = Number(url.searchParams.get('continue') ?? 0);
        const page = selected.slice(offset, offset + limit);
        const next =
          offset + limit < selected.length ? String(offset + limit) : undefined;
        const kind = `${path.split('/').pop()}`;
        return HttpResponse.json({
          kind: LIST_KINDS[kind] ?? 'List',
          apiVersion: path.startsWith('/api/')
            ? 'v1'
            : path.split('/').slice(2, 4).join('/'),
          metadata: { resourceVersion: '42', ...(next && { continue: next }) },
          items: page,
        });
      }),
    ];
  }
}

const meta = (name: string, namespace?: string) => ({
  metadata: {
    name,
    ...(namespace && { namespace }),
    uid: `${namespace}/${name}`,
  },
});

function standardCluster(fake: FakeClusters, cluster: string, pods = 1) {
  fake
    .add(cluster, '/api/v1/namespaces', [meta('shop')])
    .add(
      cluster,
      '/api/v1/pods',
      Array.from({ length: pods }, (_, i) => ({
        ...meta(`order-${i}`, 'shop'),
        spec: { containers: [{ name: 'istio-proxy' }] },
      })),
    )
    .add(cluster, '/api/v1/services', [])
    .add(cluster, '/api/v1/serviceaccounts', [meta('default', 'shop')])
    .add(cluster, '/apis/apps/v1/replicasets', [])
    .add(cluster, '/apis/apps/v1/deployments', [meta('order', 'shop')])
    .add(cluster, '/apis/apps/v1/statefulsets', [])
    .add(cluster, '/apis/apps/v1/daemonsets', [])
    .add(cluster, '/apis/batch/v1/jobs', [])
    .add(cluster, '/apis/batch/v1/cronjobs', [])
    .add(cluster, '/apis/security.istio.io/v1/peerauthentications', [
      {
        ...meta('default', 'istio-system'),
        spec: { mtls: { mode: 'STRICT' } },
      },
    ])
    .add(cluster, '/apis/security.istio.io/v1/authorizationpolicies', [
      meta('gw', 'edge'),
    ])
    .add(cluster, '/apis/networking.istio.io/v1/destinationrules', [])
    .add(cluster, '/api/v1/configmaps', [
      {
        ...meta('istio', 'istio-system'),
        data: { mesh: 'rootNamespace: istio-system' },
      },
      { ...meta('istio-ca-root-cert', 'shop'), data: { 'root-cert.pem': 'x' } },
      { ...meta('unrelated', 'shop'), data: {} },
    ]);
}

describe('KubernetesPluginSource', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let fake: FakeClusters;
  let logger: ReturnType<typeof mockServices.logger.mock>;

  beforeEach(() => {
    fake = new FakeClusters();
    logger = mockServices.logger.mock();
  });

  const source = (
    options: Partial<
      ConstructorParameters<typeof KubernetesPluginSource>[0]
    > = {},
  ) => {
    server.use(...fake.handlers());
    return new KubernetesPluginSource({
      discovery: mockServices.discovery(),
      auth: mockServices.auth({ pluginId: 'mesh-security' }),
      logger,
      pageSize: 2,
      ...options,
    });
  };

  it('reads every listed cluster cluster-wide through the proxy, with a plugin token', async () => {
    standardCluster(fake, 'prod-eu');
    standardCluster(fake, 'prod-us');
    const reads = await source().read();

    expect(reads.map(r => r.cluster)).toEqual(['prod-eu', 'prod-us']);
    const [eu] = reads;
    expect(eu.status).toEqual({
      name: 'kubernetes:prod-eu',
      kind: 'kubernetes',
      state: 'ok',
      lastSuccessAt: expect.any(String),
    });
    const kinds = eu.objects.map(
      o => `${o.apiVersion} ${o.kind} ${o.metadata.name}`,
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        'v1 Namespace shop',
        'v1 Pod order-0',
        'v1 ServiceAccount default',
        'apps/v1 Deployment order',
        'security.istio.io/v1 PeerAuthentication default',
        'security.istio.io/v1 AuthorizationPolicy gw',
        'v1 ConfigMap istio',
        'v1 ConfigMap istio-ca-root-cert',
      ]),
    );
    expect(kinds).not.toContain('v1 ConfigMap unrelated');
    expect(eu.objects).toHaveLength(8);

    // every proxy call names its cluster and carries the plugin token for `kubernetes`
    expect(fake.requests.length).toBeGreaterThanOrEqual(30);
    for (const r of fake.requests) {
      expect(r.auth).toBe(`Bearer ${TOKEN}`);
      expect(['prod-eu', 'prod-us']).toContain(r.cluster);
      expect(r.url.searchParams.get('limit')).toBe('2');
    }
    const configMapQueries = fake.requests
      .filter(
        r =>
          r.cluster === 'prod-eu' &&
          r.url.pathname.endsWith('/api/v1/configmaps'),
      )
      .map(r => r.url.searchParams.get('fieldSelector'));
    expect(configMapQueries.sort()).toEqual([
      'metadata.name=istio',
      'metadata.name=istio-ca-root-cert',
    ]);
  });

  it('follows continue tokens until the list is complete', async () => {
    standardCluster(fake, 'prod', 5);
    const [read] = await source().read();
    const pods = read.objects.filter(o => o.kind === 'Pod');
    expect(pods.map(p => p.metadata.name)).toEqual([
      'order-0',
      'order-1',
      'order-2',
      'order-3',
      'order-4',
    ]);
    const podRequests = fake.requests.filter(r =>
      r.url.pathname.endsWith('/pods'),
    );
    expect(podRequests.map(r => r.url.searchParams.get('continue'))).toEqual([
      null,
      '2',
      '4',
    ]);
  });

  it('drops managedFields and the last-applied annotation but keeps other annotations', async () => {
    standardCluster(fake, 'prod');
    fake.add('prod', '/api/v1/pods', [
      {
        metadata: {
          name: 'p',
          namespace: 'shop',
          managedFields: [{ manager: 'kubectl' }],
          annotations: {
            'kubectl.kubernetes.io/last-applied-configuration': '{…}',
            'sidecar.istio.io/status': '{}',
          },
        },
      },
    ]);
    const [read] = await source().read();
    const pod = read.objects.find(o => o.kind === 'Pod')!;
    expect(pod.metadata).toEqual({
      name: 'p',
      namespace: 'shop',
      annotations: { 'sidecar.istio.io/status': '{}' },
    });
  });

  it('keeps only the status the engine reads: a Pod’s phase', async () => {
    standardCluster(fake, 'prod');
    fake.add('prod', '/api/v1/pods', [
      {
        metadata: { name: 'p', namespace: 'shop' },
        spec: { containers: [{ name: 'app' }] },
        status: { phase: 'Running', podIP: '10.0.0.1', conditions: [] },
      },
    ]);
    const [read] = await source().read();
    const pod = read.objects.find(o => o.kind === 'Pod')!;
    expect(pod.status).toEqual({ phase: 'Running' });
    expect(pod.spec).toEqual({ containers: [{ name: 'app' }] });
  });

  it('restarts a list from the beginning when its continue token expires (410)', async () => {
    standardCluster(fake, 'prod', 5);
    let expiries = 1;
    fake.override('prod', '/api/v1/pods', url => {
      if (url.searchParams.get('continue') === '4' && expiries-- > 0) {
        return HttpResponse.json(
          { kind: 'Status', code: 410, reason: 'Expired' },
          { status: 410 },
        );
      }
      return undefined;
    });
    const [read] = await source().read();
    expect(read.status.state).toBe('ok');
    expect(read.objects.filter(o => o.kind === 'Pod')).toHaveLength(5);
    const podRequests = fake.requests.filter(r =>
      r.url.pathname.endsWith('/pods'),
    );
    expect(podRequests.map(r => r.url.searchParams.get('continue'))).toEqual([
      null,
      '2',
      '4', // expired
      null,
      '2',
      '4',
    ]);
  });

  it('gives up after the configured number of 410 restarts and fails the cluster', async () => {
    standardCluster(fake, 'prod', 5);
    fake.override('prod', '/api/v1/pods', url =>
      url.searchParams.get('continue')
        ? HttpResponse.json({ kind: 'Status', code: 410 }, { status: 410 })
        : undefined,
    );
    const [read] = await source({ maxListRestarts: 2 }).read();
    expect(read.status.state).toBe('error');
    expect(read.status.message).toMatch(
      /\/api\/v1\/pods: list expired \(410 Gone\) 3 times/,
    );
    expect(read.objects).toEqual([]);
    expect(
      fake.requests.filter(
        r =>
          r.url.pathname.endsWith('/pods') &&
          !r.url.searchParams.get('continue'),
      ),
    ).toHaveLength(3);
  });

  it('reports a forbidden kind as a partial read and keeps the rest', async () => {
    standardCluster(fake, 'prod');
    fake.override(
      'prod',
      '/apis/security.istio.io/v1/authorizationpolicies',
      () =>
        HttpResponse.json(
          {
            kind: 'Status',
            status: 'Failure',
            reason: 'Forbidden',
            code: 403,
            message: 'authorizationpolicies.security.istio.io is forbidden',
          },
          { status: 403 },
        ),
    );
    const [read] = await source().read();
    expect(read.status.state).toBe('partial');
    expect(read.status.warnings).toEqual([
      'AuthorizationPolicy: forbidden (403)',
    ]);
    expect(read.objects.some(o => o.kind === 'AuthorizationPolicy')).toBe(
      false,
    );
    expect(read.objects.some(o => o.kind === 'PeerAuthentication')).toBe(true);
  });

  it('falls back to v1beta1 for Istio kinds and warns when a CRD is missing', async () => {
    standardCluster(fake, 'old');
    const fakeData = (fake as any).data.get('old') as Map<string, any[]>;
    fakeData.delete('/apis/security.istio.io/v1/peerauthentications');
    fakeData.set('/apis/security.istio.io/v1beta1/peerauthentications', [
      meta('legacy', 'istio-system'),
    ]);
    fakeData.delete('/apis/networking.istio.io/v1/destinationrules');

    const [read] = await source().read();
    expect(read.status.state).toBe('partial');
    expect(read.status.warnings).toEqual(['DestinationRule: not found (404)']);
    const pa = read.objects.find(o => o.kind === 'PeerAuthentication')!;
    expect(pa.apiVersion).toBe('security.istio.io/v1beta1');
    expect(pa.metadata.name).toBe('legacy');
  });

  it('fails only the cluster whose API returns 5xx, never an empty success', async () => {
    standardCluster(fake, 'good');
    standardCluster(fake, 'broken');
    fake.override('broken', '/api/v1/pods', () =>
      HttpResponse.json(
        { kind: 'Status', message: 'etcdserver: request timed out' },
        { status: 500 },
      ),
    );
    const reads = await source().read();
    const good = reads.find(r => r.cluster === 'good')!;
    const broken = reads.find(r => r.cluster === 'broken')!;
    expect(good.status.state).toBe('ok');
    expect(broken.objects).toEqual([]);
    expect(broken.status).toEqual({
      name: 'kubernetes:broken',
      kind: 'kubernetes',
      state: 'error',
      message: expect.stringContaining('GET /api/v1/pods: HTTP 500'),
    });
    expect(broken.status.message).toContain('etcdserver: request timed out');
  });

  it('fails a cluster on a network error', async () => {
    standardCluster(fake, 'prod');
    fake.override('prod', '/api/v1/namespaces', () => HttpResponse.error());
    const [read] = await source().read();
    expect(read.status.state).toBe('error');
    expect(read.objects).toEqual([]);
  });

  it('treats an error of the Kubernetes plugin itself as a cluster failure, not a missing kind', async () => {
    standardCluster(fake, 'prod');
    fake.override(
      'prod',
      '/apis/security.istio.io/v1/authorizationpolicies',
      () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'Unauthorized' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
    );
    const [read] = await source().read();
    expect(read.status.state).toBe('error');
    expect(read.status.message).toContain('NotAllowedError');
  });

  it('fails a cluster where no kind at all is readable', async () => {
    standardCluster(fake, 'prod');
    const data = (fake as any).data.get('prod') as Map<string, any[]>;
    for (const path of data.keys()) {
      fake.override('prod', path, () =>
        HttpResponse.json({ kind: 'Status', code: 403 }, { status: 403 }),
      );
    }
    const [read] = await source().read();
    expect(read.status.state).toBe('error');
    expect(read.status.message).toMatch(
      /^nothing readable: Namespace: forbidden \(403\)/,
    );
  });

  it('reads only allow-listed clusters and reports allow-listed clusters the plugin does not know', async () => {
    standardCluster(fake, 'a');
    standardCluster(fake, 'b');
    const reads = await source({ clusters: ['b', 'ghost'] }).read();
    expect(reads.map(r => [r.cluster, r.status.state])).toEqual([
      ['b', 'ok'],
      ['ghost', 'error'],
    ]);
    expect(fake.requests.some(r => r.cluster === 'a')).toBe(false);
  });

  it('plans a read for another thread: plain data with the token, the allow-listed clusters and their last success', async () => {
    standardCluster(fake, 'a');
    standardCluster(fake, 'b');
    const kubernetes = source({ clusters: ['b', 'ghost'] });
    const [b] = await kubernetes.read();
    const requestsSoFar = fake.requests.length;

    const { settled, plan } = await kubernetes.plan();
    // only /clusters was asked: the lists are the planned reader's
    expect(fake.requests.length).toBe(requestsSoFar);
    expect(settled.map(r => [r.cluster, r.status.state])).toEqual([
      ['ghost', 'error'],
    ]);
    expect(plan).toMatchObject({
      base: BASE,
      clusters: ['b'],
      pageSize: 2,
      lastSuccess: { b: b.status.lastSuccessAt },
    });
    expect(plan!.secrets.tokens).toContain(plan!.token);
    // structured-clonable, as a worker message must be
    expect(structuredClone(plan)).toEqual(plan);

    kubernetes.settle([
      {
        cluster: 'b',
        status: { ...b.status, state: 'error', message: 'worker says no' },
      },
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Cannot read cluster b through the Kubernetes plugin: worker says no',
    );
  });

  it('reports every known cluster as failed when /clusters fails, keeping the last success time', async () => {
    standardCluster(fake, 'prod');
    const kubernetes = source();
    const [first] = await kubernetes.read();
    expect(first.status.state).toBe('ok');

    server.use(
      http.get(`${BASE}/clusters`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'boom' } },
          { status: 503 },
        ),
      ),
    );
    const reads = await kubernetes.read();
    expect(reads).toEqual([
      {
        cluster: 'prod',
        objects: [],
        status: {
          name: 'kubernetes:prod',
          kind: 'kubernetes',
          state: 'error',
          message:
            'Kubernetes plugin: GET /clusters: HTTP 503 Service Unavailable: boom',
          lastSuccessAt: first.status.lastSuccessAt,
        },
      },
    ]);
  });

  it('reports one failed read when the clusters cannot be listed at all', async () => {
    server.use(http.get(`${BASE}/clusters`, () => HttpResponse.error()));
    const reads = await new KubernetesPluginSource({
      discovery: mockServices.discovery(),
      auth: mockServices.auth({ pluginId: 'mesh-security' }),
      logger,
    }).read();
    expect(reads).toHaveLength(1);
    expect(reads[0].cluster).toBe('*');
    expect(reads[0].status).toMatchObject({
      name: 'kubernetes',
      state: 'error',
    });
    expect(reads[0].status.message).toMatch(/^Kubernetes plugin: /);
  });

  it('reads its options from config, keeping defaults for unset keys', async () => {
    standardCluster(fake, 'a');
    standardCluster(fake, 'b');
    server.use(...fake.handlers());
    const deps = {
      discovery: mockServices.discovery(),
      auth: mockServices.auth({ pluginId: 'mesh-security' }),
      logger,
    };
    const reads = await KubernetesPluginSource.fromConfig(
      new ConfigReader({ clusters: ['a'] }),
      deps,
    ).read();
    expect(reads.map(r => r.cluster)).toEqual(['a']);
    expect(fake.requests[0].url.searchParams.get('limit')).toBe('500');
    await expect(
      KubernetesPluginSource.fromConfig(undefined, deps).read(),
    ).resolves.toHaveLength(2);
  });

  describe('a list that cannot be read in full is failed, never empty', () => {
    const forbidden = () =>
      HttpResponse.json(
        { kind: 'Status', reason: 'Forbidden', code: 403 },
        { status: 403 },
      );

    it('names each list and how it went', async () => {
      standardCluster(fake, 'prod');
      fake.override(
        'prod',
        '/apis/security.istio.io/v1/authorizationpolicies',
        forbidden,
      );
      const [read] = await source().read();
      const lists = Object.fromEntries(
        read.lists!.map(l => [l.list, l.failed ?? l.objects!.length]),
      );
      expect(lists).toMatchObject({
        Namespace: 1,
        Pod: 1,
        PeerAuthentication: 1,
        AuthorizationPolicy: 'forbidden (403)',
        'ConfigMap istio': 1,
      });
      expect(read.lists!.find(l => l.list === 'Pod')!.keepLastGood).toBe(false);
      expect(
        read.lists!.find(l => l.list === 'AuthorizationPolicy')!.keepLastGood,
      ).toBe(true);
    });

    it('fails a list that times out, and only that list', async () => {
      standardCluster(fake, 'prod');
      fake.override(
        'prod',
        '/apis/security.istio.io/v1/authorizationpolicies',
        () => new Promise<never>(() => {}) as never,
      );
      const [read] = await source({ timeoutMs: 300 }).read();
      expect(read.status.state).toBe('partial');
      expect(read.status.warnings).toEqual([
        'AuthorizationPolicy: GET /apis/security.istio.io/v1/authorizationpolicies: timed out',
      ]);
      expect(
        read.lists!.find(l => l.list === 'AuthorizationPolicy'),
      ).toMatchObject({ failed: expect.stringMatching(/timed out$/) });
      expect(read.objects.some(o => o.kind === 'PeerAuthentication')).toBe(
        true,
      );
    });

    it('fails a list whose later page is refused, dropping the pages already read', async () => {
      standardCluster(fake, 'prod');
      fake.add('prod', '/apis/security.istio.io/v1/authorizationpolicies', [
        meta('a', 'shop'),
        meta('b', 'shop'),
        meta('c', 'shop'),
      ]);
      fake.override(
        'prod',
        '/apis/security.istio.io/v1/authorizationpolicies',
        url => (url.searchParams.get('continue') ? forbidden() : undefined),
      );
      const [read] = await source().read();
      expect(read.status.warnings).toEqual([
        'AuthorizationPolicy: forbidden (403) while paging',
      ]);
      expect(read.objects.some(o => o.kind === 'AuthorizationPolicy')).toBe(
        false,
      );
    });

    it('fails a list the server cut short (items remaining, no continue token)', async () => {
      standardCluster(fake, 'prod');
      fake.override(
        'prod',
        '/apis/security.istio.io/v1/authorizationpolicies',
        () =>
          HttpResponse.json({
            kind: 'AuthorizationPolicyList',
            apiVersion: 'security.istio.io/v1',
            metadata: { remainingItemCount: 1228 },
            items: [meta('first', 'shop')],
          }),
      );
      const [read] = await source().read();
      expect(read.status.warnings).toEqual([
        'AuthorizationPolicy: GET /apis/security.istio.io/v1/authorizationpolicies: list cut short (1228 more items, no continue token)',
      ]);
      expect(read.objects.some(o => o.kind === 'AuthorizationPolicy')).toBe(
        false,
      );
    });

    it('fails the cluster when a workload list cannot be read: workloads never vanish', async () => {
      standardCluster(fake, 'prod');
      fake.override('prod', '/api/v1/pods', forbidden);
      const [read] = await source().read();
      expect(read.status.state).toBe('error');
      expect(read.status.message).toBe(
        'cannot evaluate the cluster without Pod: forbidden (403)',
      );
      expect(read.objects).toEqual([]);
    });
  });

  it('cuts its token and configured secrets out of what the API echoes', async () => {
    standardCluster(fake, 'prod');
    fake.override('prod', '/api/v1/pods', () =>
      HttpResponse.json(
        {
          kind: 'Status',
          message: `token ${TOKEN} and password hunter22 rejected`,
        },
        { status: 500 },
      ),
    );
    const [read] = await source({
      redactor: Redactor.create({
        basicAuth: { username: 'prom', password: 'hunter22' },
      }),
    }).read();
    expect(read.status.message).toContain(
      'token <redacted> and password <redacted> rejected',
    );
    const logged = JSON.stringify(logger.warn.mock.calls);
    expect(logged).toContain('<redacted>');
    expect(logged).not.toContain(TOKEN);
    expect(logged).not.toContain('hunter22');
  });

  it('never logs the token', async () => {
    standardCluster(fake, 'prod');
    fake.override('prod', '/api/v1/pods', () =>
      HttpResponse.json({}, { status: 502 }),
    );
    const [read] = await source().read();
    expect(read.status.state).toBe('error');
    const logged = JSON.stringify([
      logger.warn.mock.calls,
      logger.error.mock.calls,
      logger.info.mock.calls,
      logger.debug.mock.calls,
    ]);
    expect(logged).toContain('prod');
    expect(logged).not.toContain('mock-service-token');
    expect(JSON.stringify(read.status)).not.toContain('mock-service-token');
  });
});
