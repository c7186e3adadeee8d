import { parseManifestEntries, parseManifests } from './parseManifests';
import { ManifestError } from './ManifestError';
import { MAX_MANIFEST_DEPTH } from './limits';

function errorOf(
  text: string,
  file = 'm.yaml',
  options?: { maxBytes?: number },
): ManifestError {
  try {
    parseManifests(text, file, options);
  } catch (e) {
    if (e instanceof ManifestError) return e;
    throw e;
  }
  throw new Error('expected a ManifestError');
}

/** 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex(l => l.includes(needle));
  if (index < 0) throw new Error(`no line with ${needle}`);
  return index + 1;
}

const peerAuthentication = (mode: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: ${mode}
`;

describe('parseManifests: formats', () => {
  it('reads multi-document YAML, skips empty documents and keeps lines', () => {
    const text = `# leading comment
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
---
# only a comment
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
`;
    const entries = parseManifestEntries(text, 'a.yaml');
    expect(
      entries.map(e => [e.object.kind, e.object.metadata.name, e.line, e.file]),
    ).toEqual([
      ['Namespace', 'shop', 3, 'a.yaml'],
      ['Deployment', 'web', 11, 'a.yaml'],
    ]);
  });

  it('flattens kind: List from kubectl get -o yaml', () => {
    const text = `apiVersion: v1
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: a
    namespace: shop
- apiVersion: v1
  kind: Service
  metadata:
    name: b
    namespace: shop
kind: List
metadata:
  resourceVersion: ""
`;
    const entries = parseManifestEntries(text, 'dump.yaml');
    expect(entries.map(e => `${e.object.metadata.name}@${e.line}`)).toEqual([
      'a@3',
      'b@8',
    ]);
  });

  it('reads JSON, typed lists and nested lists, inheriting the item kind', () => {
    const text = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'v1',
            kind: 'PodList',
            items: [{ metadata: { name: 'p1', namespace: 'ns' } }],
          },
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'c', namespace: 'ns' },
            data: { a: 'b' },
          },
        ],
      },
      null,
      2,
    );
    const entries = parseManifestEntries(text, 'dump.json');
    expect(
      entries.map(e => [
        e.object.apiVersion,
        e.object.kind,
        e.object.metadata.name,
      ]),
    ).toEqual([
      ['v1', 'Pod', 'p1'],
      ['v1', 'ConfigMap', 'c'],
    ]);
    expect(entries[1].line).toBe(lineOf(text, '"kind": "ConfigMap"') - 2);
  });

  it('accepts a top-level JSON array and a byte order mark', () => {
    const objects = parseManifests(
      '\uFEFF[{"kind":"Namespace","metadata":{"name":"a"}}]',
      'x.json',
    );
    expect(objects).toEqual([{ kind: 'Namespace', metadata: { name: 'a' } }]);
  });

  it('lets unknown kinds through untouched', () => {
    const objects = parseManifests(
      'kind: Frobnicator\nmetadata: {name: x}\nspec: {mode: WHATEVER}\n',
      'u.yaml',
    );
    expect(objects).toEqual([
      {
        kind: 'Frobnicator',
        metadata: { name: 'x' },
        spec: { mode: 'WHATEVER' },
      },
    ]);
  });

  it('resolves YAML merge keys and modest aliases', () => {
    const text = `kind: ConfigMap
metadata: &meta
  name: x
  namespace: n
data:
  <<: {a: "1"}
  b: "2"
`;
    expect(parseManifests(text, 'a.yaml')[0].data).toEqual({ a: '1', b: '2' });
  });

  it('drops null labels and annotations', () => {
    const [object] = parseManifests(
      'kind: Pod\nmetadata:\n  name: p\n  labels:\n',
      'p.yaml',
    );
    expect(object.metadata).toEqual({ name: 'p' });
  });
});

describe('parseManifests: errors carry file:line', () => {
  it('reports YAML syntax errors with their line', () => {
    const text = 'kind: Pod\nmetadata:\n  name: p\n  labels: {a: b\n';
    const error = errorOf(text, 'bad.yaml');
    expect(error.file).toBe('bad.yaml');
    expect(error.line).toBeGreaterThanOrEqual(4);
    expect(error.message).toMatch(/^bad\.yaml:\d+: /);
  });

  it('reports duplicate keys', () => {
    expect(
      errorOf('kind: Pod\nkind: Service\nmetadata: {name: x}\n').line,
    ).toBe(2);
  });

  it('reports a document without kind at its first line', () => {
    const text =
      'kind: Namespace\nmetadata: {name: a}\n---\n\napiVersion: v1\nmetadata:\n  name: x\n';
    const error = errorOf(text);
    expect(error.line).toBe(5);
    expect(error.reason).toBe('object has no kind');
  });

  it('reports a missing metadata.name', () => {
    const text = 'kind: Service\nmetadata:\n  namespace: shop\n';
    const error = errorOf(text);
    expect(error.reason).toMatch(/no metadata\.name/);
    expect(error.line).toBe(3);
  });

  it('reports a list item that is not an object', () => {
    const error = errorOf(
      'kind: List\nitems:\n- kind: Namespace\n  metadata: {name: a}\n- hello\n',
    );
    expect(error.line).toBe(5);
    expect(error.reason).toBe('items[1] is a string, not a Kubernetes object');
  });

  it('reports an unquoted boolean label', () => {
    const text =
      'kind: Pod\nmetadata:\n  name: p\n  labels:\n    sidecar.istio.io/inject: false\n';
    const error = errorOf(text);
    expect(error.line).toBe(5);
    expect(error.reason).toMatch(/must be a string/);
  });

  it('reports a bad PeerAuthentication mode at the line of the value', () => {
    const text = `kind: Namespace\nmetadata: {name: shop}\n---\n${peerAuthentication(
      'STRICTT',
    )}`;
    const error = errorOf(text, 'pa.yaml');
    expect(error.line).toBe(lineOf(text, 'STRICTT'));
    expect(error.message).toBe(
      `pa.yaml:${error.line}: PeerAuthentication shop/default: spec.mtls.mode is "STRICTT", expected one of UNSET, DISABLE, PERMISSIVE, STRICT`,
    );
    // the valid spellings pass
    for (const mode of ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']) {
      expect(parseManifests(peerAuthentication(mode), 'ok.yaml')).toHaveLength(
        1,
      );
    }
    expect(errorOf(peerAuthentication('strict')).reason).toMatch(/"strict"/);
  });

  it('checks portLevelMtls modes and keys', () => {
    const text = `${peerAuthentication('STRICT')}  selector:
    matchLabels: {app: web}
  portLevelMtls:
    8080:
      mode: PERMISSIVE
    9090:
      mode: OFF
`;
    const error = errorOf(text);
    expect(error.line).toBe(lineOf(text, 'mode: OFF'));
    expect(error.reason).toMatch(/spec\.portLevelMtls\.9090\.mode is "OFF"/);
    const badKey = errorOf(
      text.replace('9090:', 'http:').replace('OFF', 'DISABLE'),
    );
    expect(badKey.reason).toMatch(/key "http" is not a port number/);
  });

  it('checks DestinationRule TLS modes down to subset port settings', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: web
  namespace: shop
spec:
  host: web
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
  subsets:
  - name: v1
    trafficPolicy:
      portLevelSettings:
      - port: {number: 80}
        tls:
          mode: SIMPLE
      - port: {number: 81}
        tls:
          mode: MUTAL
`;
    const error = errorOf(text);
    expect(error.line).toBe(lineOf(text, 'MUTAL'));
    expect(error.reason).toMatch(
      /spec\.subsets\[0\]\.trafficPolicy\.portLevelSettings\[1\]\.tls\.mode is "MUTAL"/,
    );
    expect(errorOf(text.replace('ISTIO_MUTUAL', 'AUTO')).line).toBe(
      lineOf(text, 'ISTIO_MUTUAL'),
    );
    expect(
      parseManifests(text.replace('MUTAL', 'MUTUAL'), 'ok.yaml'),
    ).toHaveLength(1);
  });

  it('checks AuthorizationPolicy actions, in JSON too', () => {
    const object = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'deny', namespace: 'shop' },
      spec: { action: 'REJECT', rules: [{}] },
    };
    const text = JSON.stringify(object, null, 2);
    const error = errorOf(text, 'ap.json');
    expect(error.line).toBe(lineOf(text, 'REJECT'));
    expect(error.reason).toMatch(
      /spec\.action is "REJECT", expected one of ALLOW, DENY, AUDIT, CUSTOM/,
    );
    const yaml =
      'kind: AuthorizationPolicy\nmetadata: {name: a}\nspec:\n  action: allow\n';
    expect(errorOf(yaml).line).toBe(4);
  });
});

describe('parseManifests: hostile input', () => {
  it('rejects a billion-laughs document quickly', () => {
    let text =
      'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i <= 9; i++) {
      text += `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]\n`;
    }
    text = `kind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${text.replace(
      /^/gm,
      '  ',
    )}`;
    const started = Date.now();
    const error = errorOf(text, 'bomb.yaml');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.reason).toMatch(/alias/);
    // the alias that copies the most
    expect(error.line).toBe(lineOf(text, 'a9:'));
  });

  it('rejects aliases that copy a large list many times (few aliases, huge expansion)', () => {
    // 99 aliases stay under the alias-count cap, yet make 99 copies of the list
    const list = Array(20_000).fill('x').join(',');
    let text = `kind: ConfigMap\nmetadata: {name: amplified}\ndata:\n  big: &big [${list}]\n`;
    for (let i = 0; i < 99; i++) text += `  copy${i}: *big\n`;
    const error = errorOf(text, 'amplified.yaml');
    expect(error.line).toBe(lineOf(text, 'copy0:'));
    expect(error.reason).toMatch(
      /^aliases expand the document to \d+ nodes, 99% of them alias copies \(at most 59% allowed at that size\)/,
    );
  });

  it('accepts ordinary anchors and merge keys', () => {
    let text =
      'kind: ConfigMap\nmetadata: {name: merged}\ndata:\n  base: &base {a: "1", b: "2"}\n';
    for (let i = 0; i < 50; i++) text += `  m${i}: {<<: *base, c: "${i}"}\n`;
    expect(parseManifests(text, 'ok.yaml')).toHaveLength(1);
  });

  it('takes a larger size limit when given one', () => {
    const text = JSON.stringify({
      kind: 'ConfigMap',
      metadata: { name: 'big' },
      data: { blob: 'x'.repeat(11 * 1024 * 1024) },
    });
    expect(
      parseManifests(text, 'big.json', { maxBytes: 12 * 1024 * 1024 }),
    ).toHaveLength(1);
    expect(errorOf(text, 'big.json').reason).toMatch(
      /larger than the 10\.0 MiB limit/,
    );
    expect(
      errorOf(
        JSON.stringify({ kind: 'Namespace', metadata: { name: 'n' } }),
        'n.json',
        { maxBytes: 20 },
      ).reason,
    ).toBe('file is 0.0 MiB, larger than the 0.0 MiB limit');
  });

  it('rejects block nesting deeper than the limit, accepts the limit', () => {
    const nested = (levels: number) => {
      // the document is level 1, each key adds one map
      let text = 'kind: X\nmetadata: {name: deep}\nspec:\n';
      for (let i = 3; i <= levels; i++) text += `${'  '.repeat(i - 2)}k${i}:\n`;
      return `${text}${'  '.repeat(levels - 1)}leaf: 1\n`;
    };
    expect(parseManifests(nested(MAX_MANIFEST_DEPTH), 'ok.yaml')).toHaveLength(
      1,
    );
    const error = errorOf(nested(MAX_MANIFEST_DEPTH + 1), 'deep.yaml');
    expect(error.reason).toBe(
      `nesting deeper than ${MAX_MANIFEST_DEPTH} levels`,
    );
    expect(error.line).toBeGreaterThan(MAX_MANIFEST_DEPTH - 5);
  });

  it('rejects a million nested flow lists without crashing', () => {
    const depth = 1_000_000;
    const started = Date.now();
    const error = errorOf(
      `kind: X\nmetadata: {name: deep}\nspec: ${'['.repeat(depth)}${']'.repeat(
        depth,
      )}\n`,
    );
    expect(error.reason).toMatch(/nesting deeper than/);
    expect(error.line).toBe(3);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('rejects deep JSON with a line', () => {
    const depth = 100_000;
    const text = `{"kind": "X",\n"metadata": {"name": "x"},\n"spec": ${'['.repeat(
      depth,
    )}${']'.repeat(depth)}}`;
    const error = errorOf(text, 'deep.json');
    expect(error.reason).toMatch(/nesting deeper than/);
    expect(error.line).toBe(3);
  });

  it('rejects an 11 MB file before parsing it', () => {
    const text = `kind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: "${'x'.repeat(
      11 * 1024 * 1024,
    )}"\n`;
    const started = Date.now();
    const error = errorOf(text, 'big.yaml');
    expect(error.message).toMatch(
      /^big\.yaml:1: file is 11\.0 MiB, larger than the 10\.0 MiB limit$/,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('counts bytes, not characters, against the size limit', () => {
    // 4 million three-byte characters: 12 MB of UTF-8
    const text = `kind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: "${'€'.repeat(
      4_000_000,
    )}"\n`;
    expect(errorOf(text).reason).toMatch(/larger than the 10\.0 MiB limit/);
  });
});
