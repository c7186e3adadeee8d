import {
  mkdir,
  mkdtemp,
  rm,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  ManifestPathError,
  listManifestFiles,
  readManifestBytes,
  readManifestText,
} from './readManifestFiles';
import { ManifestError } from './ManifestError';

describe('listManifestFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mesh-walk-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const write = async (path: string, text = 'kind: X\n') => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  };
  const shownUnder = async (root: string) =>
    (await listManifestFiles(join(dir, root), root)).map(f => f.shown);

  it('walks folders in sorted order, skipping dot-entries and other extensions', async () => {
    await write('mesh/b.yaml');
    await write('mesh/a.YML');
    await write('mesh/sub/c.json');
    await write('mesh/notes.txt');
    await write('mesh/.git/x.yaml');
    expect(await shownUnder('mesh')).toEqual([
      'mesh/a.YML',
      'mesh/b.yaml',
      'mesh/sub/c.json',
    ]);
  });

  it('follows symbolic links to files and folders', async () => {
    await write('elsewhere/disable.yaml');
    await write('shared/policies/p.yaml');
    await write('mesh/own.yaml');
    await symlink(
      join(dir, 'elsewhere/disable.yaml'),
      join(dir, 'mesh/linked.yaml'),
    );
    await symlink(join(dir, 'shared/policies'), join(dir, 'mesh/policies'));
    expect(await shownUnder('mesh')).toEqual([
      'mesh/linked.yaml',
      'mesh/own.yaml',
      'mesh/policies/p.yaml',
    ]);
  });

  it('reads a ConfigMap volume once, through its top-level links', async () => {
    // what the kubelet writes for a ConfigMap with keys a.yaml and b.yaml
    const data = '..2024_01_01_00_00_00.123456789';
    await write(`cm/${data}/a.yaml`, 'kind: A\n');
    await write(`cm/${data}/b.yaml`, 'kind: B\n');
    await symlink(data, join(dir, 'cm/..data'));
    await symlink('..data/a.yaml', join(dir, 'cm/a.yaml'));
    await symlink('..data/b.yaml', join(dir, 'cm/b.yaml'));
    const files = await listManifestFiles(join(dir, 'cm'), 'cm');
    expect(files.map(f => f.shown)).toEqual(['cm/a.yaml', 'cm/b.yaml']);
    expect(await readManifestText(files[1], 1024)).toBe('kind: B\n');
  });

  it('walks a folder reached twice once, and stops at a link back up the tree', async () => {
    await write('mesh/real/p.yaml');
    await symlink(join(dir, 'mesh/real'), join(dir, 'mesh/same'));
    await symlink(join(dir, 'mesh'), join(dir, 'mesh/real/loop'));
    await symlink('.', join(dir, 'mesh/real/here'));
    expect(await shownUnder('mesh')).toEqual(['mesh/real/p.yaml']);
  });

  it('lists a file with two names once', async () => {
    await write('mesh/p.yaml');
    await symlink('p.yaml', join(dir, 'mesh/q.yaml'));
    const files = await listManifestFiles(join(dir, 'mesh'), 'mesh');
    expect(files.map(f => f.shown)).toEqual(['mesh/p.yaml']);
    // a file named as a root keeps its id, for callers reading several roots
    const [again] = await listManifestFiles(join(dir, 'mesh/q.yaml'), 'q.yaml');
    expect(again.id).toBe(files[0].id);
  });

  it('reports a dangling link, a self-loop and a missing root by their shown path', async () => {
    await write('mesh/ok.yaml');
    await symlink(join(dir, 'gone.yaml'), join(dir, 'mesh/dangling.yaml'));
    await expect(shownUnder('mesh')).rejects.toThrow(
      new ManifestPathError('mesh/dangling.yaml', 'no such file or folder'),
    );
    await rm(join(dir, 'mesh/dangling.yaml'));
    await symlink('self.yaml', join(dir, 'mesh/self.yaml'));
    await expect(shownUnder('mesh')).rejects.toThrow(
      'mesh/self.yaml: too many levels of symbolic links',
    );
    await expect(shownUnder('nowhere')).rejects.toThrow(
      'nowhere: no such file or folder',
    );
  });
});

describe('readManifestText', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mesh-read-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a file larger than the limit from its size, without reading it', async () => {
    // 64 GiB, sparse: reading it would not finish in a test
    const path = join(dir, 'huge.yaml');
    await writeFile(path, '');
    await truncate(path, 64 * 1024 ** 3);
    const error = await readManifestText(
      { path, shown: 'huge.yaml', id: 'x' },
      512 * 1024 * 1024,
      '--max-file-size',
    ).catch(e => e);
    expect(error).toBeInstanceOf(ManifestError);
    expect(error.message).toBe(
      'huge.yaml:1: file is 65536.0 MiB, larger than the 512.0 MiB limit (--max-file-size)',
    );
  });

  it('reads UTF-8 and ASCII text', async () => {
    const path = join(dir, 'a.yaml');
    await writeFile(path, 'name: café ☕\n');
    expect(
      await readManifestText({ path, shown: 'a.yaml', id: 'x' }, 100),
    ).toBe('name: café ☕\n');
    await writeFile(path, 'name: plain\n');
    expect(
      await readManifestText({ path, shown: 'a.yaml', id: 'x' }, 100),
    ).toBe('name: plain\n');
  });

  it('gives the bytes as they are on disk, refused over the limit', async () => {
    const path = join(dir, 'a.json');
    await writeFile(path, '{"name": "café"}');
    const file = { path, shown: 'a.json', id: 'x' };
    const bytes = await readManifestBytes(file, 100);
    expect(bytes.equals(Buffer.from('{"name": "café"}'))).toBe(true);
    await expect(
      readManifestBytes(file, 10, '--max-file-size'),
    ).rejects.toThrow(
      'a.json:1: file is 0.0 MiB, larger than the 0.0 MiB limit (--max-file-size)',
    );
  });
});
