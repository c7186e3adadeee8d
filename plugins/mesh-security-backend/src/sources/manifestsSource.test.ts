import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  const source = (paths: string[], cluster?: string) =>
    new ManifestsSource({ paths, baseDir: dir, cluster, clock: () => NOW });

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
      message: 'nope: not found',
    });

    await write('empty/notes.txt', 'nothing');
    const [empty] = await source(['empty']).read();
    expect(empty.status).toMatchObject({
      state: 'error',
      message: 'no .yaml, .yml or .json files under empty',
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
