import { run, writeTree } from './testing/cliHarness';
import {
  meshedPod,
  meshStrict,
  namespaceDisable,
  namespaces,
} from './testing/meshFixtures';

const ANSI_ESCAPE = '\u001b[';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map(c => c()));
});

async function tree(files: Record<string, string>): Promise<string> {
  const { dir, cleanup } = await writeTree(files);
  cleanups.push(cleanup);
  return dir;
}

const strictMesh = {
  'cluster/namespaces.yaml': namespaces,
  'cluster/istio-system/peer-authentication.yaml': meshStrict,
  'cluster/shop/web.yaml': meshedPod,
};

const gitOpsFolder = {
  'k8s/namespace.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
`,
  'k8s/mesh.yaml': meshStrict,
  'k8s/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: example/web:1
          ports: [{containerPort: 8080}]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: shop
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels: {app: report, sidecar.istio.io/inject: "false"}
        spec:
          restartPolicy: Never
          containers: [{name: report, image: example/report:1}]
`,
};

describe('mesh-security audit: a GitOps folder (controllers, no Pods)', () => {
  it('evaluates every declared workload from its pod template', async () => {
    const cwd = await tree(gitOpsFolder);
    const result = await run(['audit', 'k8s', '--format', 'json'], { cwd });
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout);
    expect(json.workloads).toEqual({
      'shop/report': {
        inMesh: false,
        dataplane: 'none',
        mtlsMode: 'NONE',
        decidedBy: null,
        declared: true,
      },
      'shop/web': {
        inMesh: true,
        dataplane: 'sidecar',
        mtlsMode: 'STRICT',
        decidedBy: 'istio-system/default',
        declared: true,
      },
    });
    expect(json.findings.map((f: { rule: string }) => f.rule)).toEqual([
      'injection-opt-out',
    ]);
    expect(json.coverage).toMatchObject({ workloads: 2, meshed: 1, strict: 1 });
  });

  it('marks them in the table', async () => {
    const cwd = await tree(gitOpsFolder);
    const result = await run(['audit', 'k8s'], { cwd });
    expect(result.stdout).toMatch(
      /^ {2}shop\/web\s+sidecar\s+STRICT\s+declared, 0 pods\s/m,
    );
    expect(result.stdout).toMatch(/^2 workloads: 1 of 2 in mesh, 1 STRICT/m);
  });
});

describe('mesh-security audit: exit codes', () => {
  it('exits 0 for a STRICT mesh and prints the workload', async () => {
    const cwd = await tree(strictMesh);
    const result = await run(['audit', 'cluster', '--format', 'json'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.workloads['shop/web']).toEqual({
      inMesh: true,
      dataplane: 'sidecar',
      mtlsMode: 'STRICT',
      decidedBy: 'istio-system/default',
    });
  });

  it('exits 1 when a finding reaches --fail-on, 0 with --fail-on none or above it', async () => {
    const cwd = await tree({
      ...strictMesh,
      'cluster/shop/disable.yaml': namespaceDisable,
    });
    const failing = await run(['audit', 'cluster', '--format', 'json'], {
      cwd,
    });
    expect(failing.code).toBe(1);
    const json = JSON.parse(failing.stdout);
    expect(json.workloads['shop/web']).toMatchObject({
      mtlsMode: 'DISABLE',
      decidedBy: 'shop/plaintext',
    });
    expect(json.findings).toContainEqual(
      expect.objectContaining({
        rule: 'mtls-disabled',
        severity: 'high',
        subject: 'shop/web',
      }),
    );
    expect(
      (await run(['audit', 'cluster', '--fail-on', 'none'], { cwd })).code,
    ).toBe(0);
    expect(
      (await run(['audit', 'cluster', '--fail-on', 'critical'], { cwd })).code,
    ).toBe(0);
    expect(
      (await run(['audit', 'cluster', '--fail-on', 'medium'], { cwd })).code,
    ).toBe(1);
  });

  it('exits 2 with usage on an unknown flag, a bad --format and a missing path', async () => {
    const cwd = await tree(strictMesh);
    for (const argv of [
      ['audit', 'cluster', '--frobnicate'],
      ['audit', 'cluster', '--format', 'xml'],
      ['audit', 'cluster', '--fail-on', 'severe'],
      ['audit'],
      ['inspect', 'cluster'],
      [],
    ]) {
      const result = await run(argv, { cwd });
      expect({ argv, code: result.code }).toEqual({ argv, code: 2 });
      expect(result.stderr).toMatch(/Usage: mesh-security audit PATH/);
      expect(result.stdout).toBe('');
    }
  });

  it('exits 2 on an invalid --now', async () => {
    const cwd = await tree(strictMesh);
    const result = await run(['audit', 'cluster', '--now', 'yesterday'], {
      cwd,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--now: "yesterday" is not an ISO-8601/);
  });
});

describe('mesh-security audit: bad input is file:line: reason, never a stack trace', () => {
  it('reports unparseable YAML with its line', async () => {
    const cwd = await tree({
      ...strictMesh,
      'cluster/shop/broken.yaml':
        'kind: Service\nmetadata:\n  name: x\n   bad: indent\n',
    });
    const result = await run(['audit', 'cluster'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^cluster\/shop\/broken\.yaml:\d+: /);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(result.stdout).toBe('');
  });

  it('reports an unknown enum value at the line of the value', async () => {
    const cwd = await tree({
      ...strictMesh,
      'cluster/istio-system/peer-authentication.yaml': meshStrict.replace(
        'STRICT',
        'STRICTEST',
      ),
    });
    const result = await run(['audit', 'cluster'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'cluster/istio-system/peer-authentication.yaml:8: PeerAuthentication istio-system/default: ' +
        'spec.mtls.mode is "STRICTEST", expected one of UNSET, DISABLE, PERMISSIVE, STRICT\n',
    );
  });

  it('reports an unreadable path', async () => {
    const cwd = await tree(strictMesh);
    const missing = await run(['audit', 'cluster', 'nowhere/x.yaml'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('nowhere/x.yaml: no such file or folder\n');
  });

  it('reports a path through a file', async () => {
    const cwd = await tree(strictMesh);
    const result = await run(['audit', 'cluster/namespaces.yaml/more.yaml'], {
      cwd,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'cluster/namespaces.yaml/more.yaml: a parent of the path is not a folder\n',
    );
  });

  it('refuses a folder without manifests and files without objects', async () => {
    const cwd = await tree({
      'empty/readme.txt': 'nothing here',
      'blank/only-comments.yaml': '# nothing\n---\n',
    });
    const empty = await run(['audit', 'empty'], { cwd });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('empty: no .yaml, .yml or .json files found\n');
    const blank = await run(['audit', 'blank'], { cwd });
    expect(blank.code).toBe(2);
    expect(blank.stderr).toBe('blank: no Kubernetes objects found\n');
  });

  it('rejects a malformed metrics snapshot with the file and the reason', async () => {
    const cwd = await tree({
      ...strictMesh,
      'metrics.json': JSON.stringify({
        collectedAt: '2026-11-27T09:00:00Z',
        window: '5m',
        longWindow: '24h',
        flows: [{}],
      }),
      'broken.json': '{"flows": [',
    });
    const bad = await run(['audit', 'cluster', '--metrics', 'metrics.json'], {
      cwd,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'metrics.json: not a metrics snapshot: latencies: missing (expected a list); ' +
        'identities: missing (expected a list); ' +
        'flows[0].reporter: missing (expected one of source, destination) (and 8 more)\n',
    );
    const broken = await run(['audit', 'cluster', '--metrics', 'broken.json'], {
      cwd,
    });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^broken\.json(:1)?: not valid JSON/);
  });
});

describe('mesh-security audit: inputs', () => {
  it('reads kind: List dumps, JSON and nested folders, skipping dot-folders and other files', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'istio-system' },
        },
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } },
        },
      ],
    };
    const cwd = await tree({
      'in/a/namespaces.json': JSON.stringify(list),
      'in/b/c/d/mesh.yml': meshStrict,
      'in/b/web.yaml': meshedPod,
      'in/b/notes.txt': 'kind: nonsense',
      'in/.git/broken.yaml': 'kind: [',
    });
    const result = await run(['audit', 'in', '--format', 'json'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).workloads['shop/web'].mtlsMode).toBe(
      'STRICT',
    );
  });

  it('produces the same JSON whatever order the files are named in', async () => {
    const cwd = await tree(strictMesh);
    const a = await run(
      [
        'audit',
        'cluster/shop',
        'cluster/namespaces.yaml',
        'cluster/istio-system',
        '--format',
        'json',
      ],
      { cwd },
    );
    const b = await run(['audit', 'cluster', '--format', 'json'], { cwd });
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
  });

  it('reads a metrics snapshot and passes it to the engine', async () => {
    const metrics = {
      collectedAt: '2026-11-27T09:00:00Z',
      window: '5m',
      longWindow: '24h',
      flows: [
        {
          reporter: 'destination',
          sourceNamespace: 'unknown',
          sourceWorkload: 'unknown',
          destinationNamespace: 'shop',
          destinationWorkload: 'web',
          protocol: 'http',
          security: 'none',
          rate: 3,
          errorRate: 0,
        },
      ],
      latencies: [],
      identities: [],
    };
    const cwd = await tree({
      ...strictMesh,
      'metrics.json': JSON.stringify(metrics),
    });
    const result = await run(
      [
        'audit',
        'cluster',
        '--metrics',
        'metrics.json',
        '--format',
        'json',
        '--fail-on',
        'none',
      ],
      { cwd },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).findings).toContainEqual(
      expect.objectContaining({
        rule: 'plaintext-traffic-observed',
        subject: 'shop/web',
      }),
    );
  });
});

describe('mesh-security audit: formats', () => {
  it('prints exactly the contract keys in JSON', async () => {
    const cwd = await tree({
      ...strictMesh,
      'cluster/shop/disable.yaml': namespaceDisable,
    });
    const json = JSON.parse(
      (await run(['audit', 'cluster', '--format', 'json'], { cwd })).stdout,
    );
    expect(Object.keys(json)).toEqual([
      'assumptions',
      'workloads',
      'findings',
      'suppressed',
      'coverage',
    ]);
    expect(json.assumptions).toEqual({
      rootNamespace: 'istio-system',
      enableAutoMtls: true,
      trustDomain: 'cluster.local',
    });
    expect(json.coverage).toMatchObject({ workloads: 1, meshed: 1, strict: 0 });
    for (const finding of json.findings) {
      expect(
        Object.keys(finding).every(k =>
          [
            'rule',
            'severity',
            'subject',
            'reason',
            'port',
            'detail',
            'remediation',
          ].includes(k),
        ),
      ).toBe(true);
    }
  });

  it('writes SARIF 2.1.0 whose results point at the manifest of their subject', async () => {
    const cwd = await tree({
      ...strictMesh,
      'cluster/shop/disable.yaml': namespaceDisable,
    });
    const result = await run(['audit', 'cluster', '--format', 'sarif'], {
      cwd,
    });
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    const { driver } = sarif.runs[0].tool;
    expect(driver.name).toBe('mesh-security');
    const disabled = sarif.runs[0].results.find(
      (r: any) => r.ruleId === 'mtls-disabled',
    );
    expect(disabled).toMatchObject({
      level: 'error',
      message: { text: expect.stringMatching(/^shop\/web: /) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'cluster/shop/web.yaml' },
            region: { startLine: 1 },
          },
        },
      ],
    });
    expect(driver.rules[disabled.ruleIndex].id).toBe('mtls-disabled');
  });

  it('prints a table with colour only on a terminal', async () => {
    const cwd = await tree({
      ...strictMesh,
      'cluster/shop/disable.yaml': namespaceDisable,
    });
    const plain = await run(['audit', 'cluster'], { cwd });
    expect(plain.code).toBe(1);
    expect(plain.stdout).not.toContain(ANSI_ESCAPE);
    expect(plain.stdout).toMatch(/^HIGH \(\d+\)$/m);
    expect(plain.stdout).toMatch(/^ {2}mtls-disabled\s+shop\/web\s+/m);
    expect(plain.stdout).toMatch(
      /^ {2}shop\/web\s+sidecar\s+DISABLE\s+\d+\s+shop\/plaintext/m,
    );
    expect(plain.stdout.trimEnd().split('\n').pop()).toMatch(
      /^1 workload: 1 of 1 in mesh, 0 STRICT · findings: .* · FAIL: \d+ at or above high$/,
    );
    const tty = await run(['audit', 'cluster'], { cwd, isTTY: true });
    expect(tty.stdout).toContain(ANSI_ESCAPE);
    const noColor = await run(['audit', 'cluster'], {
      cwd,
      isTTY: true,
      env: { NO_COLOR: '1' },
    });
    expect(noColor.stdout).not.toContain(ANSI_ESCAPE);
  });
});
