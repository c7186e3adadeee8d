import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import {
  authorizationPolicy,
  deployment,
  evaluate,
  namespace,
  service,
} from './__testUtils__/builders';
import { readSelector } from './values';

/**
 * Objects can come from any adapter (a cluster API, a dump, another plugin),
 * not only through the manifest parser: the engine itself never reads a
 * selector loosely, which would widen it to the whole namespace.
 */

const shop = () => [
  namespace('shop', { 'istio-injection': 'enabled' }),
  deployment('shop', 'web', { sidecar: true, labels: { app: 'web' } }),
  deployment('shop', 'other', { sidecar: true, labels: { app: 'other' } }),
];

const strictPeerAuthentication = (selector: unknown): KubeObject => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name: 'web-strict', namespace: 'shop' },
  spec: { selector, mtls: { mode: 'STRICT' } },
});

describe('selectors read by the engine', () => {
  it.each([
    [
      { matchLabels: { app: ['other'] } },
      'selector.matchLabels.app is not a string',
    ],
    [
      { matchLabels: { version: 1 } },
      'selector.matchLabels.version is not a string',
    ],
    [{ matchLabels: 'app=other' }, 'selector.matchLabels is not a mapping'],
    [
      { matchLabels: ['app', 'other'] },
      'selector.matchLabels is not a mapping',
    ],
    [
      { matchLabels: { app: 'web' }, x: 'other' },
      'selector.x is not a field of a workload selector',
    ],
    ['app=web', 'selector is not a mapping'],
  ])(
    'skips a STRICT PeerAuthentication with selector %j instead of applying it namespace-wide',
    (selector, problem) => {
      const report = evaluate([shop(), strictPeerAuthentication(selector)]);
      expect(report.workloads['shop/web'].mtlsMode).toBe('PERMISSIVE');
      expect(report.workloads['shop/other'].mtlsMode).toBe('PERMISSIVE');
      expect(report.warnings).toContain(
        `PeerAuthentication shop/web-strict skipped: ${problem}`,
      );
    },
  );

  it('still applies a readable selector to its workload only', () => {
    const report = evaluate([
      shop(),
      strictPeerAuthentication({ matchLabels: { app: 'web' } }),
    ]);
    expect(report.workloads['shop/web'].mtlsMode).toBe('STRICT');
    expect(report.workloads['shop/other'].mtlsMode).toBe('PERMISSIVE');
    expect(report.warnings.join('\n')).not.toMatch(/skipped/);
  });

  it('skips an AuthorizationPolicy with an unreadable selector', () => {
    const report = evaluate([
      shop(),
      authorizationPolicy('shop', 'deny-web', {
        action: 'DENY',
        selector: { matchLabels: { app: ['web'] } },
        rules: [{}],
      }),
    ]);
    expect(report.workloads['shop/other'].authorization.policies).toEqual([]);
    expect(report.workloads['shop/web'].authorization.policies).toEqual([]);
    expect(report.warnings).toContain(
      'AuthorizationPolicy shop/deny-web skipped: selector.matchLabels.app is not a string',
    );
  });

  it('skips a Service whose selector is not a map of strings', () => {
    const broken = service('shop', 'web', null);
    (broken.spec as Record<string, unknown>).selector = { app: ['web'] };
    const report = evaluate([shop(), broken]);
    expect(report.workloads['shop/web'].services).toEqual([]);
    expect(report.workloads['shop/other'].services).toEqual([]);
    expect(report.warnings).toContain(
      'Service shop/web skipped: selector.app is not a string',
    );
    const fine = evaluate([shop(), service('shop', 'web', { app: 'web' })]);
    expect(fine.workloads['shop/web'].services).toEqual(['shop/web']);
  });
});

describe('readSelector', () => {
  const read = (value: unknown, form: 'map' | 'matchLabels') => {
    const problems: string[] = [];
    const labels = readSelector(value, form, p => problems.push(p));
    return { labels, problems };
  };

  it('reads absent and null as no labels, and a clean map as itself', () => {
    expect(read(undefined, 'matchLabels')).toEqual({
      labels: {},
      problems: [],
    });
    expect(read({ matchLabels: null }, 'matchLabels')).toEqual({
      labels: {},
      problems: [],
    });
    const map = { app: 'web' };
    expect(read(map, 'map').labels).toBe(map);
  });

  it('never returns a narrower map than written', () => {
    expect(read({ app: 'web', version: 2 }, 'map')).toEqual({
      labels: undefined,
      problems: ['selector.version is not a string'],
    });
  });
});
