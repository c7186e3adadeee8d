import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { MeshMetrics } from '@mesh-security/plugin-mesh-security-common';
import { MetricsSnapshotSource } from './metricsSnapshotSource';

const NOW = new Date('2026-08-01T12:00:00Z');

const valid: MeshMetrics = {
  collectedAt: '2026-07-31T09:00:00.000Z',
  window: '5m',
  longWindow: '24h',
  flows: [
    {
      reporter: 'destination',
      sourceNamespace: 'shop',
      sourceWorkload: 'order',
      destinationNamespace: 'payments',
      destinationWorkload: 'payment',
      destinationService: 'payment.payments.svc.cluster.local',
      protocol: 'http',
      security: 'mutual_tls',
      rate: 1000,
      errorRate: 3,
    },
  ],
  latencies: [
    {
      reporter: 'destination',
      destinationNamespace: 'payments',
      destinationWorkload: 'payment',
      p50Ms: 20,
      p99Ms: null,
    },
  ],
  identities: [
    {
      destinationNamespace: 'payments',
      destinationWorkload: 'payment',
      sourcePrincipal: 'spiffe://cluster.local/ns/shop/sa/order',
      sourceNamespace: 'shop',
      sourceWorkload: 'order',
      security: 'mutual_tls',
      count: 86400000,
    },
  ],
};

describe('MetricsSnapshotSource', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mesh-snapshot-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const write = (content: unknown) =>
    writeFile(
      join(dir, 'metrics.json'),
      typeof content === 'string' ? content : JSON.stringify(content),
    );
  const source = () =>
    new MetricsSnapshotSource({
      path: 'metrics.json',
      baseDir: dir,
      clock: () => NOW,
    });

  it('reads a valid snapshot under *', async () => {
    await write(valid);
    expect(await source().read()).toEqual({
      metrics: { '*': valid },
      status: {
        name: 'metrics-snapshot',
        kind: 'metrics-snapshot',
        state: 'ok',
        lastSuccessAt: NOW.toISOString(),
      },
    });
  });

  it('accepts the demo snapshot', async () => {
    const demo = new MetricsSnapshotSource({
      path: resolve(
        __dirname,
        '../../../../examples/mesh/metrics-snapshot.json',
      ),
    });
    const read = await demo.read();
    expect(read.status).toMatchObject({ state: 'ok' });
    expect(read.metrics['*'].flows.length).toBeGreaterThan(0);
  });

  // The rules are tested with parseMeshMetrics in the node package; here: that
  // the source applies them and turns a failure into an error status.
  it.each([
    [
      { ...valid, flows: [{ ...valid.flows[0], rate: '1000' }] },
      'metrics.json: flows[0].rate: expected a non-negative number, got "1000"',
    ],
    [
      { ...valid, flows: [{ ...valid.flows[0], errorrate: 1 }] },
      'metrics.json: flows[0].errorrate: unknown field',
    ],
    [
      { ...valid, flows: [{ ...valid.flows[0], errorRate: 2000 }] },
      'metrics.json: flows[0].errorRate: exceeds rate (2000 > 1000)',
    ],
    [
      { ...valid, window: '5 minutes', identities: undefined },
      'metrics.json: window: expected a window such as 5m, got "5 minutes"; ' +
        'identities: missing (expected a list)',
    ],
    [
      [valid],
      'metrics.json: expected an object with collectedAt, window, longWindow, flows, latencies, identities, got a list',
    ],
  ])('rejects a malformed snapshot (%#)', async (content, message) => {
    await write(content);
    const read = await source().read();
    expect(read.metrics).toEqual({});
    expect(read.status.state).toBe('error');
    expect(read.status.message).toBe(message);
  });

  it('reports invalid JSON and a missing file, keeping the last success time', async () => {
    const snapshot = source();
    await write(valid);
    expect((await snapshot.read()).status.state).toBe('ok');

    await write('{"collectedAt": ');
    const broken = await snapshot.read();
    expect(broken.status).toMatchObject({
      state: 'error',
      lastSuccessAt: NOW.toISOString(),
    });
    // cut short: the line where the text ends
    expect(broken.status.message).toMatch(/^metrics\.json:1: invalid JSON/);

    // V8 quotes the input around an unexpected token; the status must not
    await write('{\n  "collectedAt": s3cret-value\n}');
    const quoted = (await snapshot.read()).status.message ?? '';
    expect(quoted).toMatch(/^metrics\.json:2: invalid JSON \(Unexpected token/);
    expect(quoted).not.toContain('s3cret');

    await rm(join(dir, 'metrics.json'));
    const missing = await snapshot.read();
    expect(missing.status.message).toBe('metrics.json: file not found');
    expect(missing.metrics).toEqual({});
  });
});
