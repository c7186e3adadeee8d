import { scanJsonList } from './jsonListScan';
import { parseManifestEntries } from './parseManifests';
import { MAX_MANIFEST_DEPTH } from './limits';
import { reduceObject } from './reduceObjects';

const pod = (i: number) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: `pod-${i}`,
    namespace: 'shop',
    labels: { app: 'web', 'pod-template-hash': `h${i % 7}` },
  },
  spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
});

const bytes = (text: string) => Buffer.from(text, 'utf8');
const scan = (text: string) => scanJsonList(bytes(text), 0, MAX_MANIFEST_DEPTH);

/** What the text path gives: the entries, or the error message. */
function outcome(source: string | Uint8Array) {
  try {
    return parseManifestEntries(source, 'dump.json', {
      maxBytes: 64 * 1024 * 1024,
    });
  } catch (error) {
    return (error as Error).message;
  }
}

describe('scanJsonList', () => {
  it('finds the start, end and line of every item of an indented List', () => {
    const text = JSON.stringify(
      { apiVersion: 'v1', kind: 'List', items: [pod(1), pod(2)] },
      null,
      2,
    );
    const found = scan(text)!;
    expect(found.itemStart).toHaveLength(2);
    const first = text.slice(found.itemStart[0], found.itemEnd[0]);
    expect(JSON.parse(first)).toEqual(pod(1));
    expect(
      JSON.parse(text.slice(found.itemStart[1], found.itemEnd[1])),
    ).toEqual(pod(2));
    const lines = text.split('\n');
    expect(lines[found.itemLine[1] - 1].trim()).toBe('{');
    expect(lines[found.itemLine[1]]).toContain('"apiVersion": "v1"');
    expect(text[found.itemsOpen]).toBe('[');
    expect(text[found.itemsClose]).toBe(']');
  });

  it('reads an empty List and a List whose items come before other keys', () => {
    expect(scan('{"kind":"List","items":[]}')!.itemStart).toEqual([]);
    expect(
      scan('{"items":[{"a":{"items":[1]}}],"kind":"List","metadata":{}}')!
        .itemStart,
    ).toHaveLength(1);
  });

  it.each([
    ['a duplicate key in an item', '{"kind":"List","items":[{"a":1,"a":2}]}'],
    ['a duplicate key in the List', '{"kind":"List","kind":"x","items":[]}'],
    ['an escape in a key', '{"kind":"List","items":[{"\\u0061":1}]}'],
    ['a non-ASCII key', '{"kind":"List","items":[{"ä":1}]}'],
    ['a missing comma between items', '{"items":[{"a":1} {"b":2}]}'],
    ['two commas between items', '{"items":[{"a":1},,{"b":2}]}'],
    ['a trailing comma', '{"items":[{"a":1},]}'],
    ['a leading comma', '{"items":[,{"a":1}]}'],
    ['an item that is not an object', '{"items":[{"a":1},"pod"]}'],
    ['a list item', '{"items":[[{"a":1}]]}'],
    ['a root without items', '{"kind":"Pod","metadata":{"name":"x"}}'],
    ['items that are not a list', '{"kind":"List","items":{"a":1}}'],
    ['a root array', '[{"kind":"Pod"}]'],
    ['text after the document', '{"items":[]} {"items":[]}'],
    ['an unclosed document', '{"items":[{"a":1}'],
    ['mismatched brackets', '{"items":[{"a":1]]}'],
    ['an unterminated string', '{"items":[{"a":"x}]}'],
    [
      'nesting deeper than the limit',
      `{"items":[${'['.repeat(MAX_MANIFEST_DEPTH)}${']'.repeat(
        MAX_MANIFEST_DEPTH,
      )}]}`,
    ],
  ])('leaves %s to the text path', (_, text) => {
    expect(scan(text)).toBeUndefined();
  });

  it('finds a duplicate among many keys of one object', () => {
    const data: Record<string, string> = {};
    for (let i = 0; i < 500; i++) data[`key-${i}`] = String(i);
    const list = JSON.stringify({ kind: 'List', items: [{ data }] });
    expect(scan(list)).toBeDefined();
    expect(scan(list.replace('"key-499"', '"key-17"'))).toBeUndefined();
  });
});

describe('parseManifestEntries: bytes give what the text gives', () => {
  const list = (items: unknown[], indent?: number) =>
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, indent);

  it.each([
    ['an indented List', list([pod(1), pod(2), pod(3)], 4)],
    ['a compact List', list([pod(1), pod(2)])],
    [
      'a typed List (items inherit kind and apiVersion)',
      JSON.stringify(
        {
          apiVersion: 'v1',
          kind: 'PodList',
          items: [{ metadata: { name: 'a', namespace: 'shop' } }],
        },
        null,
        1,
      ),
    ],
    ['a List with a byte order mark', `\uFEFF${list([pod(1)], 2)}`],
    ['a List with non-ASCII values', list([{ ...pod(1), data: 'grüß' }], 2)],
    [
      'a duplicate key',
      list([pod(1), pod(2)], 2).replace(
        '"app"',
        '"pod-template-hash": "x",\n"app"',
      ),
    ],
    [
      'a duplicate escaped key',
      list([pod(1)], 2).replace('"app"', '"\\u0061pp": "a",\n"app"'),
    ],
    ['a missing comma', list([pod(1), pod(2)], 2).replace('},\n  {', '}\n  {')],
    [
      'a shape error deep in an item',
      list(
        [
          pod(1),
          { ...pod(2), metadata: { ...pod(2).metadata, labels: { v: 2 } } },
        ],
        2,
      ),
    ],
    ['an item that is not an object', list([pod(1), 'pod'], 2)],
    [
      // the broken JSON is reported, as when every item is parsed before any is checked
      'a shape error in an item before broken JSON in a later one',
      list(
        [
          { ...pod(1), metadata: { ...pod(1).metadata, labels: { v: 2 } } },
          pod(2),
          { ...pod(3), spec: { hostNetwork: 'BROKEN' } },
        ],
        2,
      ).replace('"BROKEN"', '@broken'),
    ],
    [
      'a root with items that is not a List',
      JSON.stringify({ ...pod(1), items: [pod(2)] }, null, 2),
    ],
    ['a single object', JSON.stringify(pod(1), null, 2)],
    [
      'YAML',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  namespace: shop\n',
    ],
  ])('%s', (_, text) => {
    const fromText = outcome(text);
    expect(outcome(bytes(text))).toEqual(fromText);
  });

  it('reads a large List item by item, with the line of every item', () => {
    const items = Array.from({ length: 5000 }, (_, i) => pod(i));
    const text = list(items, 2);
    const entries = parseManifestEntries(bytes(text), 'dump.json', {
      maxBytes: 64 * 1024 * 1024,
    });
    expect(entries).toHaveLength(5000);
    const lines = text.split('\n');
    for (const i of [0, 4321, 4999]) {
      expect(lines[entries[i].line]).toContain('"apiVersion": "v1"');
      expect(lines[entries[i].line + 3]).toContain(`"name": "pod-${i}"`);
    }
  });

  it('reduces each object after its checks, from bytes as from text', () => {
    const deployment = (operator: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', managedFields: [{}] },
      spec: {
        // read by the checks, not by the engine: gone once reduced
        selector: { matchExpressions: [{ key: 'app', operator }] },
        template: { spec: { containers: [{ name: 'app', env: [] }] } },
      },
      status: { replicas: 1 },
    });
    const text = list([pod(1), deployment('Exists')], 2);
    const options = { maxBytes: 1024 * 1024, reduce: true };
    const full = parseManifestEntries(text, 'dump.json');
    const reduced = parseManifestEntries(bytes(text), 'dump.json', options);
    expect(reduced).toEqual(
      full.map(entry => ({ ...entry, object: reduceObject(entry.object) })),
    );
    expect(reduced[1].object).not.toHaveProperty('status');
    expect(parseManifestEntries(text, 'dump.json', options)).toEqual(reduced);

    const bad = list([pod(1), deployment('Bogus')], 2);
    expect(() =>
      parseManifestEntries(bytes(bad), 'dump.json', options),
    ).toThrow(/^dump\.json:\d+: .*Bogus/);
  });

  it('counts bytes against the size limit', () => {
    const text = list([{ ...pod(1), data: 'ü'.repeat(600) }]);
    expect(text.length).toBeLessThan(1024);
    expect(() =>
      parseManifestEntries(bytes(text), 'dump.json', { maxBytes: 1024 }),
    ).toThrow(/^dump\.json:1: file is .* larger than the 0\.0 MiB limit$/);
  });
});
