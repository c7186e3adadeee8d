import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import { evaluateMesh } from '@mesh-security/mesh-security-engine';
import { KUBERNETES_LISTS } from '../sources/kubernetesKinds';
import type { KubernetesReadPlan } from '../sources/kubernetesReading';
import { DEMO_NOW, demoMesh } from '../whatIf/__testUtils__/demoMesh';
import { reportPartsOf } from './clusterJob';
import { RefreshWorker } from './RefreshWorker';
import type { ReadContext } from './kubernetesReadJob';
import { decodeReport } from './reportParts';

const demo = demoMesh();
const NOW = DEMO_NOW.toISOString();
const TOKEN = 'plugin-token-123';
const RESOURCES = new Map(KUBERNETES_LISTS.map(l => [l.resource, l.kind]));

/**
 * The Kubernetes plugin's proxy as the worker sees it: a real HTTP server
 * (msw only intercepts this thread's fetch), pages of 2 with continue tokens.
 */
describe('the refresh worker reading a Kubernetes plan', () => {
  const api = { forbid: '' as string, echo: false, requests: 0 };
  let server: Server;
  let base: string;
  const worker = new RefreshWorker();

  beforeAll(async () => {
    server = createServer((req, res) => {
      api.requests++;
      const url = new URL(req.url!, 'http://x');
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        return json(401, { message: 'no token' });
      }
      const kind = RESOURCES.get(url.pathname.split('/').pop()!);
      if (!kind) return json(404, { kind: 'Status', code: 404 });
      if (api.echo && kind === 'Service') {
        return json(500, { message: `boom for ${req.headers.authorization}` });
      }
      if (kind === api.forbid) return json(403, { kind: 'Status', code: 403 });
      const name = url.searchParams
        .get('fieldSelector')
        ?.replace(/^metadata\.name=/, '');
      const all = demo.objects.filter(
        o => o.kind === kind && (!name || o.metadata.name === name),
      );
      const offset = Number(url.searchParams.get('continue') ?? 0);
      const next = offset + 2 < all.length ? String(offset + 2) : undefined;
      return json(200, {
        kind: `${kind}List`,
        apiVersion: 'v1',
        metadata: next ? { continue: next } : {},
        items: all
          .slice(offset, offset + 2)
          .map(({ kind: _kind, ...rest }: KubeObject) => rest),
      });
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await worker.close();
    await new Promise(resolve => server.close(resolve));
  });
  beforeEach(() => {
    api.forbid = '';
    api.echo = false;
    api.requests = 0;
  });

  const plan = (clusters = ['prod']): KubernetesReadPlan => ({
    base,
    token: TOKEN,
    clusters,
    pageSize: 2,
    listConcurrency: 3,
    clusterConcurrency: 2,
    timeoutMs: 10_000,
    maxListRestarts: 1,
    secrets: { tokens: [TOKEN] },
    lastSuccess: { gone: '2026-01-01T00:00:00.000Z' },
  });
  const context = (previousRefs: Record<string, string> = {}): ReadContext => ({
    metrics: { '*': demo.metrics! },
    now: NOW,
    generatedAt: NOW,
    previousRefs,
  });
  const noStore = jest.fn(async () => undefined);

  it('reads every page itself and hands back only what the engine made of them', async () => {
    const [outcome] = await worker.readAndEvaluate(plan(), context(), noStore);
    expect(api.requests).toBeGreaterThan(KUBERNETES_LISTS.length);
    expect(outcome.status.state).toBe('ok');
    expect(outcome.error).toBeUndefined();
    expect(await decodeReport(reportPartsOf(outcome.result!))).toEqual(
      evaluateMesh({
        objects: demo.objects,
        metrics: demo.metrics,
        now: DEMO_NOW,
      }),
    );
    expect(outcome).not.toHaveProperty('objects');
  });

  it('keeps the last good lists of a list that becomes forbidden', async () => {
    const [first] = await worker.readAndEvaluate(plan(), context(), noStore);
    api.forbid = 'AuthorizationPolicy';
    const [again] = await worker.readAndEvaluate(
      plan(),
      context({ prod: first.result!.ref }),
      noStore,
    );
    expect(again.status.state).toBe('partial');
    expect(again.status.warnings).toEqual([
      'AuthorizationPolicy: forbidden (403)',
    ]);
    expect(again.result!.status.staleKinds).toEqual([
      // since the read that last saw them, timed by the worker
      { kind: 'AuthorizationPolicy', since: first.status.lastSuccessAt },
    ]);
    expect(await decodeReport(reportPartsOf(again.result!))).toEqual(
      await decodeReport(reportPartsOf(first.result!)),
    );
    // the worker held them: nothing asked of the store
    expect(noStore).not.toHaveBeenCalled();
  });

  it('asks for stored last good lists it does not hold, and names the list unknown without any', async () => {
    api.forbid = 'AuthorizationPolicy';
    const load = jest.fn(async () => undefined);
    const [outcome] = await worker.readAndEvaluate(
      plan(),
      context({ prod: 'written-by-another-replica' }),
      load,
    );
    expect(load).toHaveBeenCalledWith('prod', 'written-by-another-replica');
    expect(outcome.result!.unknownKinds).toEqual(['AuthorizationPolicy']);
  });

  it('fails the evaluation, not the list, when the stored lists cannot be read', async () => {
    api.forbid = 'AuthorizationPolicy';
    const [outcome] = await worker.readAndEvaluate(
      plan(),
      context({ prod: 'elsewhere' }),
      async () => {
        throw new Error('database is locked');
      },
    );
    expect(outcome.result).toBeUndefined();
    expect(outcome.error).toContain('database is locked');
  });

  it('cuts the token out of what the server echoes, in the worker', async () => {
    api.echo = true;
    const [outcome] = await worker.readAndEvaluate(plan(), context(), noStore);
    expect(JSON.stringify(outcome.status)).not.toContain(TOKEN);
    expect(outcome.status.warnings?.join()).toContain('<redacted>');
  });

  it('reports a cluster that cannot be read with its last success, in the plan order', async () => {
    const broken = { ...plan(['prod', 'gone']), token: 'wrong' };
    const outcomes = await worker.readAndEvaluate(broken, context(), noStore);
    expect(outcomes.map(o => o.cluster)).toEqual(['prod', 'gone']);
    expect(outcomes[1].status).toMatchObject({
      name: 'kubernetes:gone',
      state: 'error',
      lastSuccessAt: '2026-01-01T00:00:00.000Z',
    });
    expect(outcomes[1].status.message).toContain('HTTP 401');
    expect(outcomes[1].result).toBeUndefined();
  });
});
