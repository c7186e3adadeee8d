import { parseManifests } from './parseManifests';
import { ManifestError } from './ManifestError';

function errorOf(text: string, file = 'm.yaml'): ManifestError {
  try {
    parseManifests(text, file);
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

/** A STRICT PeerAuthentication whose `selector:` block is `selector` (indented YAML). */
const strict = (selector: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: web-strict
  namespace: shop
spec:
  selector:
${selector}
  mtls:
    mode: STRICT
`;

describe('parseManifests: workload selectors (Istio)', () => {
  // Each of these widened to the whole namespace when read loosely.
  it.each([
    [
      'a list as a label value',
      '    matchLabels: {app: [other]}',
      'app: [other]',
    ],
    [
      'a number as a label value',
      '    matchLabels: {version: 1}',
      'version: 1',
    ],
    ['a boolean as a label value', '    matchLabels: {canary: true}', 'canary'],
    ['a null label value', '    matchLabels: {app: null}', 'app: null'],
    ['a string as matchLabels', '    matchLabels: "app=other"', 'app=other'],
    ['a list as matchLabels', '    matchLabels: [app, other]', '[app, other]'],
    [
      'a field beside matchLabels',
      '    matchLabels: {app: web}\n    x: other',
      'x: other',
    ],
    ['a list as selector', '    - app', '- app'],
  ])('rejects %s at its line', (_what, selector, needle) => {
    const text = strict(selector);
    const error = errorOf(text, 'pa.yaml');
    expect(error.file).toBe('pa.yaml');
    expect(error.line).toBe(lineOf(text, needle));
    expect(error.reason).toMatch(
      /^PeerAuthentication shop\/web-strict: spec\.selector/,
    );
  });

  it('names what is wrong', () => {
    expect(errorOf(strict('    matchLabels: {version: 1}')).reason).toBe(
      'PeerAuthentication shop/web-strict: spec.selector.matchLabels["version"] must be a string, found 1 (quote it)',
    );
    expect(
      errorOf(strict('    matchLabels: {app: web}\n    x: other')).reason,
    ).toBe(
      'PeerAuthentication shop/web-strict: spec.selector has unknown field "x" (allowed: matchLabels)',
    );
  });

  it('checks label keys and values as Kubernetes does', () => {
    const bad = [
      '"app name": web',
      '"-app": web',
      '"Example.com/app": web',
      '"/app": web',
      `"${'a'.repeat(64)}": web`,
      'app: "web server"',
      'app: "web-"',
      `app: "${'v'.repeat(64)}"`,
      'app: "*"',
    ];
    for (const label of bad) {
      expect(errorOf(strict(`    matchLabels: {${label}}`)).reason).toMatch(
        /is not a valid label/,
      );
    }
    const good = [
      'app: web',
      'app.kubernetes.io/name: web',
      'example.com/a_b.c-d: "1.0"',
      'app: ""',
      `"${'a'.repeat(63)}": "${'v'.repeat(63)}"`,
    ];
    for (const label of good) {
      expect(
        parseManifests(strict(`    matchLabels: {${label}}`), 'ok.yaml'),
      ).toHaveLength(1);
    }
  });

  it('accepts an absent, null or empty selector and empty matchLabels', () => {
    for (const selector of [
      '    matchLabels: {}',
      '    matchLabels:',
      '    {}',
    ]) {
      expect(parseManifests(strict(selector), 'ok.yaml')).toHaveLength(1);
    }
    const noSelector = strict('    matchLabels: {app: web}').replace(
      / {2}selector:\n.*\n/,
      '',
    );
    expect(parseManifests(noSelector, 'ok.yaml')).toHaveLength(1);
  });

  it('checks AuthorizationPolicy, RequestAuthentication and Sidecar selectors, in JSON too', () => {
    const policy = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'deny-all', namespace: 'shop' },
      spec: {
        action: 'DENY',
        selector: { matchLabels: { app: ['web'] } },
        rules: [{}],
      },
    };
    const text = JSON.stringify(policy, null, 2);
    const error = errorOf(text, 'ap.json');
    expect(error.line).toBe(lineOf(text, '"app"'));
    expect(error.reason).toMatch(
      /spec\.selector\.matchLabels\["app"\] must be a string/,
    );

    expect(
      errorOf(
        'apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt, namespace: shop}\nspec:\n  selector: {labels: {app: web}}\n',
      ).reason,
    ).toMatch(/spec\.selector has unknown field "labels"/);
    const sidecar =
      'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: s, namespace: shop}\nspec:\n  workloadSelector:\n    labels: {app: 7}\n';
    expect(errorOf(sidecar).line).toBe(6);
    expect(parseManifests(sidecar.replace('7', '"7"'), 'ok.yaml')).toHaveLength(
      1,
    );
  });

  it('leaves kinds of the same name in other API groups alone', () => {
    const gatewayApi =
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g, namespace: shop}\nspec:\n  selector: [not, a, map]\n';
    expect(parseManifests(gatewayApi, 'ok.yaml')).toHaveLength(1);
    expect(
      errorOf(
        gatewayApi.replace('gateway.networking.k8s.io', 'networking.istio.io'),
      ).reason,
    ).toMatch(/spec\.selector must be a map of label names to values/);
  });
});

describe('parseManifests: Kubernetes selectors and labels', () => {
  it('checks a Service selector as a map of strings', () => {
    const service = (selector: string) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: ${selector}\n  ports: [{port: 80}]\n`;
    expect(errorOf(service('{app: [web]}')).reason).toBe(
      'Service shop/web: spec.selector["app"] must be a string, found ["web"] (quote it)',
    );
    expect(errorOf(service('"app=web"')).line).toBe(5);
    expect(parseManifests(service('{app: web}'), 'ok.yaml')).toHaveLength(1);
  });

  it('checks a Deployment LabelSelector: matchLabels and matchExpressions', () => {
    const deployment = (selector: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector:\n${selector}\n  template: {metadata: {labels: {app: web}}}\n`;
    const ok = [
      '    matchLabels: {app: web}',
      '    matchExpressions: [{key: app, operator: In, values: [web, api]}]',
      '    matchExpressions: [{key: tier, operator: Exists}]',
    ];
    for (const selector of ok)
      expect(parseManifests(deployment(selector), 'ok.yaml')).toHaveLength(1);
    const bad: Array<[string, RegExp]> = [
      ['    matchLabels: {app: 1}', /matchLabels\["app"\] must be a string/],
      ['    app: web', /has unknown field "app"/],
      [
        '    matchExpressions: [{key: app, operator: in, values: [web]}]',
        /operator is "in", expected one of In, NotIn, Exists, DoesNotExist/,
      ],
      [
        '    matchExpressions: [{key: app, operator: In}]',
        /operator In needs values/,
      ],
      [
        '    matchExpressions: [{key: app, operator: Exists, values: [web]}]',
        /operator Exists takes no values/,
      ],
      [
        '    matchExpressions: [{key: app, operator: In, values: [1]}]',
        /values\[0\] must be a string/,
      ],
      ['    matchExpressions: {key: app}', /matchExpressions must be a list/],
    ];
    for (const [selector, reason] of bad)
      expect(errorOf(deployment(selector)).reason).toMatch(reason);
  });

  it('checks metadata.labels as labels', () => {
    const pod = (labels: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: ${labels}\n`;
    expect(errorOf(pod('{version: 1}')).reason).toMatch(
      /metadata\.labels\["version"\] must be a string, found 1/,
    );
    expect(errorOf(pod('{"bad key": x}')).reason).toMatch(/not a valid label/);
    expect(
      parseManifests(
        pod('{app: web, "app.kubernetes.io/version": "1.2"}'),
        'ok.yaml',
      ),
    ).toHaveLength(1);
  });
});
