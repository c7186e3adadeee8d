import {
  mkdir,
  mkdtemp,
  rm,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ManifestsSource } from './manifestsSource';

const NOW = new Date('2026-08-01T12:00:00Z');

const pa = (
  name: string,
  namespace: string,
) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  mtls:
    mode: STRICT
`;

describe('ManifestsSource', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mesh-manifests-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const write = async (path: string, text: string) => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  };
  const source = (paths: string[], cluster?: string, maxFileBytes?: number) =>
    new ManifestsSource({
      paths,
      baseDir: dir,
      cluster,
      maxFileBytes,
      clock: () => NOW,
    });
  const names = (
    objects: Array<{ kind: string; metadata: { name: string } }>,
  ) => objects.map(o => `${o.kind}/${o.metadata.name}`);

  it('reads folders recursively (.yaml, .yml, .json), skipping other and hidden files', async () => {
    await write('mesh/b.yaml', `${pa('b', 'shop')}---\n${pa('b2', 'shop')}`);
    await write('mesh/a.yml', pa('a', 'shop'));
    await write(
      'mesh/sub/c.json',
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'c' },
      }),
    );
    await write('mesh/README.md', 'not: [a manifest');
    await write('mesh/.git/config.yaml', 'not: [a manifest');
    await write('single.yaml', pa('single', 'edge'));

    const reads = await source(['mesh', 'single.yaml']).read();
    expect(reads).toHaveLength(1);
    expect(reads[0].cluster).toBe('manifests');
    expect(reads[0].status).toEqual({
      name: 'manifests',
      kind: 'manifests',
      state: 'ok',
      lastSuccessAt: NOW.toISOString(),
    });
    expect(reads[0].objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'PeerAuthentication/a',
      'PeerAuthentication/b',
      'PeerAuthentication/b2',
      'Namespace/c',
      'PeerAuthentication/single',
    ]);
  });

  it('reports a parse error as file:line: reason and returns no objects', async () => {
    await write('mesh/good.yaml', pa('good', 'shop'));
    await write(
      'mesh/bad.yaml',
      `${pa(
        'ok',
        'shop',
      )}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: [unclosed\n`,
    );
    const [read] = await source(['mesh'], 'staging').read();
    expect(read.cluster).toBe('staging');
    expect(read.objects).toEqual([]);
    expect(read.status.name).toBe('manifests:staging');
    expect(read.status.state).toBe('error');
    expect(read.status.message).toMatch(/^mesh\/bad\.yaml:\d+: /);
  });

  it('reports a missing path and a folder without manifests', async () => {
    const [missing] = await source(['nope']).read();
    expect(missing.status).toMatchObject({
      state: 'error',
      message: 'nope: no such file or folder',
    });

    await write('empty/notes.txt', 'nothing');
    const [empty] = await source(['empty']).read();
    expect(empty.status).toMatchObject({
      state: 'error',
      message: 'no .yaml, .yml or .json files under empty',
    });
  });

  it('follows symlinked files and folders (a linked DISABLE is not ignored)', async () => {
    await write('mesh/strict.yaml', pa('strict', 'shop'));
    await write(
      'elsewhere/disable.yaml',
      pa('disable', 'shop').replace('STRICT', 'DISABLE'),
    );
    await write('shared/team/policy.yaml', pa('team', 'team'));
    await symlink(
      join(dir, 'elsewhere/disable.yaml'),
      join(dir, 'mesh/disable.yaml'),
    );
    await symlink(join(dir, 'shared/team'), join(dir, 'mesh/team'));
    const [read] = await source(['mesh']).read();
    expect(read.status.state).toBe('ok');
    expect(names(read.objects)).toEqual([
      'PeerAuthentication/disable',
      'PeerAuthentication/strict',
      'PeerAuthentication/team',
    ]);
  });

  it('reads a folder mounted from a ConfigMap once', async () => {
    const data = '..2024_01_01_00_00_00.123456789';
    await write(`cm/${data}/a.yaml`, pa('a', 'shop'));
    await write(`cm/${data}/b.yaml`, pa('b', 'shop'));
    await symlink(data, join(dir, 'cm/..data'));
    await symlink('..data/a.yaml', join(dir, 'cm/a.yaml'));
    await symlink('..data/b.yaml', join(dir, 'cm/b.yaml'));
    const [read] = await source(['cm']).read();
    expect(read.status.state).toBe('ok');
    expect(names(read.objects)).toEqual([
      'PeerAuthentication/a',
      'PeerAuthentication/b',
    ]);
  });

  it('stops at a link back up the tree and reads a file reached twice once', async () => {
    await write('mesh/sub/p.yaml', pa('p', 'shop'));
    await symlink(join(dir, 'mesh'), join(dir, 'mesh/sub/loop'));
    await symlink(join(dir, 'mesh/sub/p.yaml'), join(dir, 'mesh/again.yaml'));
    const [read] = await source(['mesh', 'mesh/sub']).read();
    expect(read.status.state).toBe('ok');
    expect(names(read.objects)).toEqual(['PeerAuthentication/p']);
  });

  it('refuses a file over its size limit before reading it', async () => {
    await write('mesh/a.yaml', pa('a', 'shop'));
    // 64 GiB, sparse: reading it would not finish
    await write('mesh/huge.yaml', '');
    await truncate(join(dir, 'mesh/huge.yaml'), 64 * 1024 ** 3);
    const [read] = await source(['mesh']).read();
    expect(read.status).toMatchObject({
      state: 'error',
      message:
        'mesh/huge.yaml:1: file is 65536.0 MiB, larger than the 10.0 MiB limit',
    });
    await rm(join(dir, 'mesh/huge.yaml'));
    const [limited] = await source(['mesh'], undefined, 20).read();
    expect(limited.status.message).toBe(
      'mesh/a.yaml:1: file is 0.0 MiB, larger than the 0.0 MiB limit',
    );
  });

  it('names files relative to the configured paths, never by absolute server paths', async () => {
    await write(
      'srv/gitops/mesh/bad.json',
      '{"kind": "Namespace", "kind": "x"}',
    );
    const absolute = new ManifestsSource({
      paths: [join(dir, 'srv/gitops/mesh')],
    });
    const [read] = await absolute.read();
    expect(read.status.message).toBe(
      'mesh/bad.json:1: duplicate key "kind" (JSON.parse would keep only the last one)',
    );
    const [missing] = await new ManifestsSource({
      paths: [join(dir, 'srv/nothing-here')],
    }).read();
    expect(missing.status.message).toBe('nothing-here: no such file or folder');
    await symlink(
      join(dir, 'gone.yaml'),
      join(dir, 'srv/gitops/mesh/gone.yaml'),
    );
    await rm(join(dir, 'srv/gitops/mesh/bad.json'));
    const [dangling] = await absolute.read();
    expect(dangling.status.message).toBe(
      'mesh/gone.yaml: no such file or folder',
    );
    for (const r of [read, missing, dangling])
      expect(r.status.message).not.toContain(dir);
  });

  it('reports a selector the API server would refuse as an error, not a wider policy', async () => {
    await write(
      'mesh/pa.yaml',
      `${pa('web', 'shop')}  selector:\n    matchLabels: {app: [other]}\n`,
    );
    const [read] = await source(['mesh']).read();
    expect(read.objects).toEqual([]);
    expect(read.status).toMatchObject({
      state: 'error',
      message:
        'mesh/pa.yaml:10: PeerAuthentication shop/web: spec.selector.matchLabels["app"] must be a string, found ["other"] (quote it)',
    });
  });

  it('reads the demo manifests', async () => {
    const demo = new ManifestsSource({
      paths: ['examples/mesh/manifests'],
      baseDir: resolve(__dirname, '../../../..'),
    });
    const [read] = await demo.read();
    expect(read.status.state).toBe('ok');
    expect(read.objects.some(o => o.kind === 'PeerAuthentication')).toBe(true);
  });
});
