import { parse } from 'yaml';
import {
  destinationRuleTlsPatch,
  peerAuthenticationManifest,
  workloadSelector,
  yaml,
} from './remediation';

describe('remediation YAML', () => {
  it('round-trips through a YAML parser, quoting what would change type', () => {
    const doc = {
      metadata: {
        name: 'a',
        labels: {
          version: '1',
          enabled: 'true',
          empty: '',
          star: '*',
          colon: 'a: b',
          null: null,
        },
      },
      spec: {
        portLevelMtls: { '8080': { mode: 'UNSET' } },
        list: [{ port: { number: 443 }, tls: { mode: 'DISABLE' } }, 'plain', 7],
        nothing: {},
        none: [],
      },
      annotations: {
        'kubectl.kubernetes.io/restartedAt': '2026-08-03T09:00:00.000Z',
      },
    };
    expect(parse(yaml(doc))).toEqual(doc);
  });

  it('writes a STRICT PeerAuthentication and a DestinationRule patch at the path that decided', () => {
    const pa = parse(
      peerAuthenticationManifest({
        namespace: 'shop',
        name: 'orders',
        selector: { app: 'orders' },
        mode: 'STRICT',
      }),
    );
    expect(pa).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'orders', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'orders' } },
        mtls: { mode: 'STRICT' },
      },
    });
    const dr = parse(
      destinationRuleTlsPatch({
        namespace: 'pay',
        name: 'p',
        host: 'p.pay.svc.cluster.local',
        path: 'spec.subsets[v1].trafficPolicy.portLevelSettings[port 443].tls',
        port: 443,
        mode: 'ISTIO_MUTUAL',
      }),
    );
    expect(dr.spec).toEqual({
      host: 'p.pay.svc.cluster.local',
      subsets: [
        {
          name: 'v1',
          trafficPolicy: {
            portLevelSettings: [
              { port: { number: 443 }, tls: { mode: 'ISTIO_MUTUAL' } },
            ],
          },
        },
      ],
    });
  });

  it('selects a workload by app, else by its stable labels', () => {
    expect(
      workloadSelector({ app: 'x', 'pod-template-hash': 'abc', version: 'v1' }),
    ).toEqual({ app: 'x' });
    expect(
      workloadSelector({
        tier: 'web',
        'pod-template-hash': 'abc',
        'security.istio.io/tlsMode': 'istio',
      }),
    ).toEqual({ tier: 'web' });
  });
});
