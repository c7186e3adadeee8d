import { rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run, writeTree } from './testing/cliHarness';

const namespace = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
`;
const workload = `apiVersion: v1
kind: Pod
metadata:
  name: web-1
  namespace: shop
  labels: {app: web}
spec:
  containers:
  - name: app
    image: example/web:1
  - name: istio-proxy
    image: istio/proxyv2
`;
const peerAuthentication = (
  name: string,
  mode: string,
  inNamespace = 'shop',
) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: ${name}
  namespace: ${inNamespace}
spec:
  mtls:
    mode: ${mode}
`;

async function modeOf(args: string[], cwd: string) {
  const result = await run(
    ['audit', ...args, '--format', 'json', '--fail-on', 'none'],
    {
      cwd,
    },
  );
  if (result.code !== 0)
    throw new Error(`exit ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout).workloads['shop/web-1'].mtlsMode;
}

describe('mesh-security audit: reading folders', () => {
  it('follows a symlinked policy file and folder', async () => {
    const tree = await writeTree({
      'mesh/namespace.yaml': namespace,
      'mesh/web.yaml': workload,
      'mesh/mesh-wide.yaml': peerAuthentication(
        'default',
        'STRICT',
        'istio-system',
      ),
      'shared/policies/disable.yaml': peerAuthentication('disable', 'DISABLE'),
    });
    try {
      expect(await modeOf(['mesh'], tree.dir)).toBe('STRICT');
      // a namespace-wide DISABLE linked into the folder must not be ignored
      await symlink(
        join(tree.dir, 'shared/policies/disable.yaml'),
        join(tree.dir, 'mesh/disable.yaml'),
      );
      expect(await modeOf(['mesh'], tree.dir)).toBe('DISABLE');
      await rm(join(tree.dir, 'mesh/disable.yaml'));
      await symlink(
        join(tree.dir, 'shared/policies'),
        join(tree.dir, 'mesh/policies'),
      );
      expect(await modeOf(['mesh'], tree.dir)).toBe('DISABLE');
    } finally {
      await tree.cleanup();
    }
  });

  it('reads a folder mounted from a ConfigMap once', async () => {
    const data = '..2024_01_01_00_00_00.123456789';
    const tree = await writeTree({
      [`cm/${data}/namespace.yaml`]: namespace,
      [`cm/${data}/web.yaml`]: workload,
      [`cm/${data}/strict.yaml`]: peerAuthentication('strict', 'STRICT'),
    });
    try {
      await symlink(data, join(tree.dir, 'cm/..data'));
      for (const name of ['namespace.yaml', 'web.yaml', 'strict.yaml'])
        await symlink(`..data/${name}`, join(tree.dir, `cm/${name}`));
      expect(await modeOf(['cm'], tree.dir)).toBe('STRICT');
      const json = await run(
        ['audit', 'cm', '--format', 'json', '--fail-on', 'none'],
        {
          cwd: tree.dir,
        },
      );
      // every object once: read twice, the namespace policy would conflict with itself
      const report = JSON.parse(json.stdout);
      expect(Object.keys(report.workloads)).toEqual(['shop/web-1']);
      expect(
        report.findings.map((f: { rule: string }) => f.rule),
      ).not.toContain('peerauthentication-conflict');
    } finally {
      await tree.cleanup();
    }
  });

  it('stops at a link back up the tree', async () => {
    const tree = await writeTree({
      'mesh/namespace.yaml': namespace,
      'mesh/sub/web.yaml': workload,
    });
    try {
      await symlink(join(tree.dir, 'mesh'), join(tree.dir, 'mesh/sub/loop'));
      expect(await modeOf(['mesh'], tree.dir)).toBe('PERMISSIVE');
    } finally {
      await tree.cleanup();
    }
  });
});

describe('mesh-security audit: input limits', () => {
  it('refuses a file over --max-file-size before reading it, exit 2', async () => {
    const tree = await writeTree({ 'mesh/namespace.yaml': namespace });
    try {
      const huge = join(tree.dir, 'mesh/huge.json');
      await writeFile(huge, '');
      await truncate(huge, 600 * 1024 * 1024); // sparse
      const result = await run(['audit', 'mesh'], { cwd: tree.dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'mesh/huge.json:1: file is 600.0 MiB, larger than the 512.0 MiB limit (--max-file-size)\n',
      );
      const small = await run(
        ['audit', 'mesh/namespace.yaml', '--max-file-size', '10'],
        {
          cwd: tree.dir,
        },
      );
      expect(small.code).toBe(2);
      expect(small.stderr).toMatch(
        /^mesh\/namespace\.yaml:1: file is 0\.0 MiB, larger than/,
      );
    } finally {
      await tree.cleanup();
    }
  });

  // a heavy test (a 22 MB file): generous time on a shared machine, never a timed assertion
  it('reads a dump larger than the parser default (10 MiB)', async () => {
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'blob', namespace: 'shop' },
      data: { blob: 'x'.repeat(11 * 1024 * 1024) },
    };
    const dump = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [JSON.parse(JSON.stringify(configMap)), configMap].map((o, i) => ({
        ...o,
        metadata: { ...o.metadata, name: `blob-${i}` },
      })),
    });
    expect(dump.length).toBeGreaterThan(10 * 1024 * 1024);
    const tree = await writeTree({ 'dump.json': dump });
    try {
      const result = await run(
        ['audit', 'dump.json', '--format', 'json', '--fail-on', 'none'],
        {
          cwd: tree.dir,
        },
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    } finally {
      await tree.cleanup();
    }
  }, 60_000);

  it('rejects duplicate keys in JSON with file:line, exit 2', async () => {
    const tree = await writeTree({
      'pa.json':
        '{"apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication",\n "metadata": {"name": "default", "namespace": "shop"},\n "spec": {"mtls": {"mode": "DISABLE", "mode": "STRICT"}}}\n',
    });
    try {
      const result = await run(['audit', 'pa.json'], { cwd: tree.dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'pa.json:3: duplicate key "mode" (JSON.parse would keep only the last one)\n',
      );
    } finally {
      await tree.cleanup();
    }
  });

  it('rejects a selector that would widen to the namespace with file:line, exit 2', async () => {
    const tree = await writeTree({
      'pa.yaml': `${peerAuthentication(
        'web',
        'STRICT',
      )}  selector:\n    matchLabels:\n      app: [other]\n`,
    });
    try {
      const result = await run(['audit', 'pa.yaml'], { cwd: tree.dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'pa.yaml:11: PeerAuthentication shop/web: spec.selector.matchLabels["app"] must be a string, found ["other"] (quote it)\n',
      );
    } finally {
      await tree.cleanup();
    }
  });

  it('names a dangling link by its path as given, never the absolute one', async () => {
    const tree = await writeTree({ 'mesh/namespace.yaml': namespace });
    try {
      await symlink(
        join(tree.dir, 'missing'),
        join(tree.dir, 'mesh/broken.yaml'),
      );
      const result = await run(['audit', 'mesh'], { cwd: tree.dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('mesh/broken.yaml: no such file or folder\n');
    } finally {
      await tree.cleanup();
    }
  });
});
