import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { run, writeTree } from './testing/cliHarness';

const DEMO = resolve(__dirname, '../../../examples/mesh');

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map(c => c()));
});

/** The demo mesh plus `change/` files, in one temp folder. */
async function withChange(files: Record<string, string>): Promise<string> {
  const snapshot = await readFile(`${DEMO}/metrics-snapshot.json`, 'utf8');
  const tree: Record<string, string> = { 'metrics.json': snapshot };
  for (const name of [
    'namespaces',
    'istio-system',
    'edge',
    'shop',
    'payments',
    'comms',
    'legacy',
    'tools',
    'policies',
  ])
    tree[`base/${name}.yaml`] = await readFile(
      `${DEMO}/manifests/${name}.yaml`,
      'utf8',
    );
  for (const [path, text] of Object.entries(files))
    tree[`change/${path}`] = text;
  const { dir, cleanup } = await writeTree(tree);
  cleanups.push(cleanup);
  return dir;
}

const allowIngress = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: api-gateway-ingress
  namespace: edge
spec:
  selector:
    matchLabels: {app: api-gateway}
  rules:
  - from:
    - source:
        principals: [cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account]
`;

/** order-service may only be called by the gateway: shop's own callers break. */
const lockDownPayments = `# the payments team locks its service down
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: payment-service-only-gateway
  namespace: payments
spec:
  selector:
    matchLabels: {app: payment-service}
  rules:
  - from:
    - source:
        principals: [cluster.local/ns/edge/sa/api-gateway]
`;

describe('mesh-security simulate', () => {
  it('exits 0 when the change breaks nothing observed, and shows the flow it restores', async () => {
    const cwd = await withChange({ 'allow.yaml': allowIngress });
    const r = await run(
      [
        'simulate',
        'base',
        '--change',
        'change/allow.yaml',
        '--metrics',
        'metrics.json',
        '--fail-on-break',
      ],
      { cwd },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'istio-system/istio-ingressgateway → edge/api-gateway  4,988/s  authz-allows',
    );
    expect(r.stdout).toMatch(/breaks nothing observed$/m);
  });

  it('exits 1 with --fail-on-break when an observed flow would break, 0 without it', async () => {
    const cwd = await withChange({ 'lock.yaml': lockDownPayments });
    const args = [
      'simulate',
      'base',
      '--change',
      'change/lock.yaml',
      '--metrics',
      'metrics.json',
      '--format',
      'json',
    ];
    const failing = await run([...args, '--fail-on-break'], { cwd });
    expect(failing.code).toBe(1);
    const result = JSON.parse(failing.stdout);
    expect(result.flows).toEqual([
      expect.objectContaining({
        source: 'shop/order-service',
        destination: 'payments/payment-service',
        rate: 1000,
        outcome: 'breaks',
        cause: 'authz-denies',
        changedBy: [
          'AuthorizationPolicy payments/payment-service-only-gateway',
        ],
      }),
    ]);
    expect((await run(args, { cwd })).code).toBe(0);
  });

  it('places SARIF results on the changed file and line', async () => {
    const cwd = await withChange({ 'lock.yaml': lockDownPayments });
    const r = await run(
      [
        'simulate',
        'base',
        '--change',
        'change/lock.yaml',
        '--metrics',
        'metrics.json',
        '--format',
        'sarif',
      ],
      { cwd },
    );
    const sarif = JSON.parse(r.stdout);
    const [flow] = sarif.runs[0].results.filter(
      (x: { ruleId: string }) => x.ruleId === 'flow/authz-denies',
    );
    expect(flow.level).toBe('error');
    expect(flow.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'change/lock.yaml' },
      region: { startLine: 2 },
    });
    expect(flow.properties).toMatchObject({
      source: 'shop/order-service',
      rate: 1000,
    });
  });

  it('exits 2 for a change file that is not a change', async () => {
    const cwd = await withChange({
      'bad.yaml': allowIngress.replace(
        'namespace: edge',
        'namespace: edge\n  annotations: {mesh-security.io/change: remove}',
      ),
    });
    const r = await run(['simulate', 'base', '--change', 'change/bad.yaml'], {
      cwd,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mesh-security.io/change must be "delete"');
  });

  it('deletes an object marked for deletion', async () => {
    const cwd = await withChange({
      'delete.yaml': `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: api-gateway-retool
  namespace: edge
  annotations: {mesh-security.io/change: delete}
`,
    });
    const r = await run(
      [
        'simulate',
        'base',
        '--change',
        'change/delete.yaml',
        '--metrics',
        'metrics.json',
        '--format',
        'json',
        '--fail-on-break',
      ],
      { cwd },
    );
    const result = JSON.parse(r.stdout);
    expect(result.changed).toEqual([
      'AuthorizationPolicy edge/api-gateway-retool (deleted)',
    ]);
    // retool loses its grant: its observed calls would be denied
    expect(result.flows).toContainEqual(
      expect.objectContaining({
        source: 'tools/retool',
        outcome: 'breaks',
        cause: 'authz-denies',
      }),
    );
    expect(r.code).toBe(1);
  });
});

describe('mesh-security propose authz', () => {
  it('prints a least-privilege policy checked against the observed traffic', async () => {
    const cwd = await withChange({});
    const r = await run(
      [
        'propose',
        'authz',
        'base',
        '--metrics',
        'metrics.json',
        '--workload',
        'edge/api-gateway',
      ],
      { cwd },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '# Checked against the observed traffic: breaks nothing observed.',
    );
    expect(r.stdout).toContain('- cluster.local/ns/tools/sa/retool');
  });

  it('refuses an unknown workload and a malformed one', async () => {
    const cwd = await withChange({});
    const unknown = await run(
      [
        'propose',
        'authz',
        'base',
        '--metrics',
        'metrics.json',
        '--workload',
        'edge/nope',
      ],
      { cwd },
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--workload edge/nope: no such workload');
    const malformed = await run(
      [
        'propose',
        'authz',
        'base',
        '--metrics',
        'metrics.json',
        '--workload',
        'nope',
      ],
      { cwd },
    );
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('is not namespace/name');
  });
});
