import { policySummaryYaml } from './policySummaryYaml';

describe('policySummaryYaml', () => {
  it('renders a namespace policy as a labelled summary', () => {
    expect(
      policySummaryYaml({
        level: 'namespace',
        policy: 'payments/default',
        mode: 'STRICT',
        effective: 'STRICT',
      }),
    ).toBe(`# Summary from the posture report (not the full object)
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: payments
spec:
  mtls:
    mode: STRICT
`);
  });

  it('renders a port step with portLevelMtls and a selector note', () => {
    const yaml = policySummaryYaml({
      level: 'port',
      policy: 'shop/order-service',
      mode: 'PERMISSIVE',
      effective: 'PERMISSIVE',
      port: 9090,
    });
    expect(yaml).toContain('  selector: {}');
    expect(yaml).toContain(
      '  portLevelMtls:\n    9090:\n      mode: PERMISSIVE',
    );
    expect(yaml).not.toContain('  mtls:');
  });

  it("explains Istio's default when no policy applies", () => {
    expect(
      policySummaryYaml({
        level: 'default',
        policy: null,
        mode: 'UNSET',
        effective: 'PERMISSIVE',
      }),
    ).toMatch(/No PeerAuthentication applies.*\n.*default is PERMISSIVE/);
  });
});
