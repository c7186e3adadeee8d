import { indexContainer } from './jsonScan';
import { parseManifestEntries, parseManifests } from './parseManifests';
import { ManifestError } from './ManifestError';

jest.mock('./jsonScan', () => {
  const actual = jest.requireActual('./jsonScan');
  return { ...actual, indexContainer: jest.fn(actual.indexContainer) };
});

function errorOf(text: string, file = 'm.json', maxBytes?: number) {
  try {
    parseManifests(text, file, { maxBytes });
  } catch (e) {
    if (e instanceof ManifestError) return e;
    throw e;
  }
  throw new Error('expected a ManifestError');
}

function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex(l => l.includes(needle));
  if (index < 0) throw new Error(`no line with ${needle}`);
  return index + 1;
}

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

describe('parseManifests: JSON duplicate keys', () => {
  it('rejects a duplicate key with the line of the second one', () => {
    const text = `{
  "apiVersion": "security.istio.io/v1",
  "kind": "PeerAuthentication",
  "metadata": {"name": "default", "namespace": "shop"},
  "spec": {
    "mtls": {
      "mode": "DISABLE",
      "mode": "STRICT"
    }
  }
}`;
    const error = errorOf(text, 'pa.json');
    expect(error.message).toBe(
      `pa.json:${lineOf(
        text,
        '"STRICT"',
      )}: duplicate key "mode" (JSON.parse would keep only the last one)`,
    );
  });

  it('compares keys as decoded strings, per object', () => {
    expect(errorOf('{"kind": "Pod", "\\u006bind": "Service"}').reason).toMatch(
      /duplicate key "kind"/,
    );
    // the same key in sibling and nested objects is fine
    const ok = JSON.stringify({
      kind: 'List',
      items: [pod(1), pod(2), { ...pod(3), spec: { name: { name: 'x' } } }],
    });
    expect(parseManifests(ok, 'ok.json')).toHaveLength(3);
  });

  it('finds a duplicate among many keys of one object, in a List item', () => {
    const data: Record<string, string> = {};
    for (let i = 0; i < 5000; i++) data[`key-${i}`] = String(i);
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'big', namespace: 'shop' },
      data,
    };
    const list = JSON.stringify(
      { kind: 'List', items: [pod(1), configMap] },
      null,
      1,
    );
    expect(parseManifests(list, 'ok.json')).toHaveLength(2);
    const text = list.replace('"key-4999"', '"key-17"');
    expect(errorOf(text).line).toBe(lineOf(text, '"4999"'));
    expect(errorOf(text).reason).toMatch(/duplicate key "key-17"/);
  });
});

describe('parseManifests: large JSON lists', () => {
  beforeEach(() => jest.mocked(indexContainer).mockClear());

  it('finds the line of every item of a large List in one pass', () => {
    const items = Array.from({ length: 30_000 }, (_, i) => pod(i));
    const text = JSON.stringify(
      { apiVersion: 'v1', kind: 'List', metadata: {}, items },
      null,
      4,
    );
    const entries = parseManifestEntries(text, 'dump.json', {
      maxBytes: 64 * 1024 * 1024,
    });
    expect(entries).toHaveLength(30_000);
    const lines = text.split('\n');
    for (const i of [0, 1, 12_345, 29_999]) {
      // the object starts on the line before its "apiVersion"
      expect(lines[entries[i].line]).toContain('"apiVersion": "v1"');
      expect(lines[entries[i].line + 3]).toContain(`"name": "pod-${i}"`);
    }
    // the items were located by the scan, not by searching the text per item
    expect(indexContainer).not.toHaveBeenCalled();
  }, 60_000);

  it('locates an error deep in a large List', () => {
    const items = Array.from({ length: 5000 }, (_, i) => pod(i));
    (items[4321].metadata.labels as Record<string, unknown>).version = 2;
    const text = JSON.stringify({ kind: 'List', items }, null, 2);
    const error = errorOf(text, 'dump.json');
    expect(error.line).toBe(lineOf(text, '"version": 2'));
    expect(error.reason).toMatch(/^Pod shop\/pod-4321: metadata\.labels/);
  });

  it('reads a compact one-line List (line 1 for every item)', () => {
    const text = JSON.stringify({ kind: 'List', items: [pod(1), pod(2)] });
    expect(parseManifestEntries(text, 'one.json').map(e => e.line)).toEqual([
      1, 1,
    ]);
  });

  it('reports invalid JSON beyond the YAML fallback size at its line', () => {
    const items = Array.from({ length: 40_000 }, (_, i) => pod(i));
    const valid = JSON.stringify({ kind: 'List', items }, null, 2);
    expect(valid.length).toBeGreaterThan(10 * 1024 * 1024);
    const text = valid.replace('"pod-39000"', '"pod-39000" "extra"');
    const error = errorOf(text, 'big.json', 64 * 1024 * 1024);
    expect(error.line).toBe(lineOf(text, '"extra"'));
    expect(error.reason).toMatch(/^invalid JSON: /);
    // V8 quotes the input for some errors; the reason never does
    const unexpected = valid.replace('"pod-39000"', '}');
    const second = errorOf(unexpected, 'big.json', 64 * 1024 * 1024);
    expect(second.line).toBe(lineOf(unexpected, '"name": }'));
    expect(second.reason).toMatch(/^invalid JSON: Unexpected token/);
    expect(second.reason).not.toContain('name');
  }, 60_000);
});
