import { parseArgs } from './args';
import { run, writeTree } from './testing/cliHarness';
import {
  meshedPod,
  meshStrict,
  namespaceDisable,
  namespaces,
} from './testing/meshFixtures';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map(c => c()));
});

async function tree(files: Record<string, string>): Promise<string> {
  const { dir, cleanup } = await writeTree(files);
  cleanups.push(cleanup);
  return dir;
}

/** shop DISABLEs mTLS: shop/web gets mtls-disabled (high), the only finding at or above high. */
const disabledMesh = {
  'cluster/namespaces.yaml': namespaces,
  'cluster/istio-system/peer-authentication.yaml': meshStrict,
  'cluster/shop/web.yaml': meshedPod,
  'cluster/shop/disable.yaml': namespaceDisable,
};

const acceptWeb = (until = '2026-12-31') =>
  [
    '# accepted findings',
    '- rule: mtls-disabled',
    '  subject: shop/*',
    '  reason: the payment appliance speaks plaintext',
    `  until: ${until}`,
    '',
  ].join('\n');

/** The pod, annotated on its metadata. */
const annotatedPod = (annotations: string) =>
  meshedPod.replace(
    '  annotations:\n',
    `  annotations:\n${annotations
      .split('\n')
      .map(line => `    ${line}\n`)
      .join('')}`,
  );

describe('mesh-security audit --suppressions', () => {
  it('exits 0 when the only high finding is suppressed, and lists it under `suppressed`', async () => {
    const cwd = await tree({ ...disabledMesh, 'accepted.yaml': acceptWeb() });
    const without = await run(['audit', 'cluster', '--format', 'json'], {
      cwd,
    });
    expect(without.code).toBe(1);
    expect(JSON.parse(without.stdout).suppressed).toEqual([]);

    const result = await run(
      [
        'audit',
        'cluster',
        '--format',
        'json',
        '--suppressions',
        'accepted.yaml',
      ],
      { cwd },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.findings).not.toContainEqual(
      expect.objectContaining({ rule: 'mtls-disabled' }),
    );
    expect(json.suppressed).toEqual([
      expect.objectContaining({
        rule: 'mtls-disabled',
        severity: 'high',
        subject: 'shop/web',
        suppression: {
          by: 'config',
          reason: 'the payment appliance speaks plaintext',
          until: '2026-12-31',
        },
      }),
    ]);
    expect(Object.keys(json)).toEqual([
      'assumptions',
      'workloads',
      'findings',
      'suppressed',
      'coverage',
    ]);
  });

  it('exits 1 again once --now is past `until`', async () => {
    const cwd = await tree({
      ...disabledMesh,
      'accepted.yaml': acceptWeb('2026-11-26'),
    });
    const result = await run(
      [
        'audit',
        'cluster',
        '--suppressions',
        'accepted.yaml',
        '--now',
        '2026-11-27T00:00:00Z',
      ],
      { cwd },
    );
    expect(result.code).toBe(1);
    const stillValid = await run(
      [
        'audit',
        'cluster',
        '--suppressions',
        'accepted.yaml',
        '--now',
        '2026-11-26T23:59:59Z',
      ],
      { cwd },
    );
    expect(stillValid.code).toBe(0);
  });

  it('exits 2 with file:line for a malformed entry, before printing anything', async () => {
    const cwd = await tree({
      ...disabledMesh,
      'accepted.yaml': acceptWeb().replace(
        'rule: mtls-disabled',
        'rule: mtls-disable',
      ),
    });
    const result = await run(
      ['audit', 'cluster', '--suppressions', 'accepted.yaml'],
      { cwd },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'accepted.yaml:2: unknown rule "mtls-disable" (a rule id of the catalog, or "*")\n',
    );
    expect(result.stdout).toBe('');
  });

  it.each([
    [
      'a date that does not exist',
      acceptWeb('2026-02-30'),
      /^accepted\.yaml:5: until "2026-02-30" is not a real date\n$/,
    ],
    [
      'a misspelt field',
      acceptWeb().replace('until:', 'untill:'),
      /^accepted\.yaml:5: unknown field "untill"/,
    ],
    [
      'a subject that is no namespace/name',
      acceptWeb().replace('shop/*', 'web'),
      /^accepted\.yaml:3: subject "web" must be "namespace\/name"/,
    ],
    [
      'a mapping instead of a list',
      'rule: mtls-disabled\n',
      /^accepted\.yaml:1: must be a list/,
    ],
    ['unparseable YAML', '- rule: [mtls-disabled\n', /^accepted\.yaml:\d+: /],
  ])('exits 2 for %s', async (_, text, message) => {
    const cwd = await tree({ ...disabledMesh, 'accepted.yaml': text });
    const result = await run(
      ['audit', 'cluster', '--suppressions', 'accepted.yaml'],
      { cwd },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('exits 2 for a missing file', async () => {
    const cwd = await tree(disabledMesh);
    const result = await run(
      ['audit', 'cluster', '--suppressions', 'nope.yaml'],
      { cwd },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('nope.yaml: no such file or folder\n');
  });
});

describe('mesh-security audit: suppress annotations', () => {
  it('exits 0 when the pod carries the annotation, with the reason', async () => {
    const cwd = await tree({
      ...disabledMesh,
      'cluster/shop/web.yaml': annotatedPod(
        "mesh-security.io/suppress: mtls-disabled\nmesh-security.io/suppress-reason: 'legacy client, ticket SEC-12'",
      ),
    });
    const result = await run(['audit', 'cluster', '--format', 'json'], { cwd });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).suppressed).toEqual([
      expect.objectContaining({
        rule: 'mtls-disabled',
        subject: 'shop/web',
        suppression: {
          by: 'annotation',
          reason: 'legacy client, ticket SEC-12',
        },
      }),
    ]);
  });

  it('exits 2 naming the object and its file:line for an unknown rule id', async () => {
    const cwd = await tree({
      ...disabledMesh,
      'cluster/shop/web.yaml': `# the shop's web pod\n---\n${annotatedPod(
        "mesh-security.io/suppress: 'mtls-disabled, foo'",
      )}`,
    });
    const result = await run(['audit', 'cluster'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'cluster/shop/web.yaml:3: Pod shop/web: mesh-security.io/suppress names unknown rule "foo"\n',
    );
    expect(result.stdout).toBe('');
  });

  it('prints a SUPPRESSED block in the table', async () => {
    const cwd = await tree({
      ...disabledMesh,
      'cluster/shop/web.yaml': annotatedPod('mesh-security.io/suppress: "*"'),
    });
    const result = await run(['audit', 'cluster'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^SUPPRESSED \(1\)\n {2}high +mtls-disabled +shop\/web +annotation: no reason given$/m,
    );
  });

  it('carries suppressed findings in SARIF with their kind and justification', async () => {
    const cwd = await tree({
      ...disabledMesh,
      'cluster/shop/web.yaml': annotatedPod(
        'mesh-security.io/suppress: mtls-disabled\nmesh-security.io/suppress-reason: legacy client',
      ),
      // two injection labels: namespace-multiple-injection-labels on /legacy
      'cluster/legacy.yaml': [
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: legacy',
        '  labels:',
        '    istio-injection: enabled',
        '    istio.io/rev: canary',
        '',
      ].join('\n'),
      'accepted.yaml': [
        '- rule: "*"',
        '  subject: /legacy',
        '  reason: labels owned by the platform team',
        '  until: 2026-12-31',
        '',
      ].join('\n'),
    });
    const result = await run(
      [
        'audit',
        'cluster',
        '--format',
        'sarif',
        '--suppressions',
        'accepted.yaml',
      ],
      { cwd },
    );
    expect(result.code).toBe(0);
    const [sarifRun] = JSON.parse(result.stdout).runs;
    const suppressedResults = sarifRun.results.filter(
      (r: { suppressions?: unknown }) => r.suppressions,
    );
    expect(suppressedResults).toEqual([
      expect.objectContaining({
        ruleId: 'mtls-disabled',
        level: 'error',
        suppressions: [{ kind: 'inSource', justification: 'legacy client' }],
        locations: [
          expect.objectContaining({
            physicalLocation: expect.objectContaining({
              artifactLocation: { uri: 'cluster/shop/web.yaml' },
            }),
          }),
        ],
      }),
      expect.objectContaining({
        ruleId: 'namespace-multiple-injection-labels',
        suppressions: [
          {
            kind: 'external',
            justification: 'labels owned by the platform team',
            properties: { until: '2026-12-31' },
          },
        ],
      }),
    ]);
    // results without suppressions are the open ones
    expect(
      sarifRun.results.some(
        (r: { ruleId: string; suppressions?: unknown }) =>
          r.ruleId === 'mtls-disabled' && !r.suppressions,
      ),
    ).toBe(false);
  });
});

describe('parseArgs --suppressions', () => {
  it('passes the file name on, and only when given', () => {
    const io = {
      stdout: () => undefined,
      stderr: () => undefined,
      clock: () => new Date('2030-01-01T00:00:00Z'),
      version: '1',
    };
    const parsed = parseArgs(
      ['audit', 'x', '--suppressions', 'accepted.yaml'],
      io,
    );
    expect(parsed).toMatchObject({
      options: { suppressions: 'accepted.yaml' },
    });
    expect(parseArgs(['audit', 'x'], io)).not.toHaveProperty(
      'options.suppressions',
    );
  });
});
