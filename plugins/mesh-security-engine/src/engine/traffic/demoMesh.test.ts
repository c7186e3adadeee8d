// End to end over the demo: the manifests of examples/mesh (as `kubectl get -o yaml`
// would dump them) plus its metrics snapshot, against what a user should see of
// the demo mesh (README.md, "The demo mesh").
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import type {
  KubeObject,
  MeshMetrics,
} from '@mesh-security/plugin-mesh-security-common';
import { parse, parseAllDocuments } from 'yaml';
import { evaluateMesh } from '../index';

const DEMO = join(__dirname, '../../../../../examples/mesh');
const objects: KubeObject[] = readdirSync(join(DEMO, 'manifests'))
  .filter(file => file.endsWith('.yaml'))
  .sort()
  .flatMap(file =>
    parseAllDocuments(readFileSync(join(DEMO, 'manifests', file), 'utf8')).map(
      doc => {
        if (doc.errors.length > 0)
          throw new Error(`${file}: ${doc.errors[0].message}`);
        return doc.toJS() as KubeObject;
      },
    ),
  );
const metrics: MeshMetrics = JSON.parse(
  readFileSync(join(DEMO, 'metrics-snapshot.json'), 'utf8'),
);
const report = evaluateMesh({
  objects,
  metrics,
  now: new Date('2026-11-27T09:00:00Z'),
});
const findingsOf = (rule: string, subject?: string) =>
  report.findings.filter(
    f => f.rule === rule && (subject === undefined || f.subject === subject),
  );

describe('the demo mesh (manifests + metrics snapshot)', () => {
  it('payment-service: STRICT decided by payments/default, 100 % mTLS, healthy', () => {
    const w = report.workloads['payments/payment-service'];
    expect(w).toMatchObject({
      inMesh: true,
      dataplane: 'sidecar',
      mtlsMode: 'STRICT',
      decidedBy: 'payments/default',
    });
    expect(w.decisionChain.map(s => s.policy)).toEqual(
      expect.arrayContaining(['istio-system/default', 'payments/default']),
    );
    expect(w.traffic).toMatchObject({ rps: 1000, mtlsShare: 1, health: 'OK' });
  });

  it('notification-svc: PERMISSIVE, 100 % mTLS observed, ready for STRICT with the policy to apply', () => {
    const w = report.workloads['comms/notification-svc'];
    expect(w).toMatchObject({
      mtlsMode: 'PERMISSIVE',
      decidedBy: 'comms/default',
    });
    expect(w.traffic).toMatchObject({ rps: 500, mtlsShare: 1 });
    const [ready] = findingsOf('strict-ready', 'comms/notification-svc');
    expect(parse(ready.remediation!)).toMatchObject({
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'comms' },
      spec: { mtls: { mode: 'STRICT' } },
    });
  });

  it('legacy-service: outside the mesh, 200 rps of plaintext from order-service, WARN', () => {
    const w = report.workloads['legacy/legacy-service'];
    expect(w).toMatchObject({
      inMesh: false,
      dataplane: 'none',
      mtlsMode: 'NONE',
    });
    expect(w.traffic).toMatchObject({ rps: 200, health: 'WARN', mtlsShare: 0 });
    const [plaintext] = findingsOf('plaintext-traffic-observed');
    expect(plaintext).toMatchObject({
      subject: 'legacy/legacy-service',
      severity: 'high',
      detail: { callers: ['shop/order-service'] },
    });
    expect(findingsOf('plaintext-traffic-observed')).toHaveLength(1);
  });

  it('api-gateway: frontend flagged as an unknown service account; frontend and admin-service grants unused', () => {
    const unknown = findingsOf('authz-unknown-principal');
    expect(unknown.map(f => f.detail?.grant)).toEqual([
      'cluster.local/ns/shop/sa/frontend',
    ]);
    expect(unknown[0].subject).toBe('edge/api-gateway-frontend');
    expect(
      findingsOf('authz-unused-grant').map(f => [f.subject, f.detail?.grant]),
    ).toEqual([
      ['edge/api-gateway-admin', 'cluster.local/ns/shop/sa/admin-service'],
      ['edge/api-gateway-frontend', 'cluster.local/ns/shop/sa/frontend'],
    ]);
    const callers = report.workloads['edge/api-gateway']
      .traffic!.inbound.map(f => f.peer)
      .sort();
    expect(callers).toEqual([
      'istio-system/istio-ingressgateway',
      'tools/retool',
    ]);
  });

  it('retool: may call api-gateway with GET and POST on the users and orders APIs, and nothing else names it', () => {
    expect(report.workloads['tools/retool'].mayCall).toEqual([
      {
        target: 'edge/api-gateway',
        policy: 'edge/api-gateway-retool',
        ruleIndex: 0,
        action: 'ALLOW',
        via: 'principal',
        grant: 'cluster.local/ns/tools/sa/retool',
        to: [
          {
            methods: ['GET', 'POST'],
            paths: ['/api/v1/users/*', '/api/v1/orders/*'],
          },
        ],
        when: [],
        dryRun: false,
      },
    ]);
    // no policy names the others; legacy-service has no identity at all
    expect(report.workloads['tools/retool'].mayCallOmitted).toBeUndefined();
    expect(report.workloads['shop/order-service'].mayCall).toEqual([]);
    expect(report.workloads['legacy/legacy-service'].mayCall).toBeUndefined();
  });

  it('mesh overview: 6 of 7 workloads meshed, ≈98 % mTLS by traffic, one plaintext flow', () => {
    expect(report.coverage).toMatchObject({ workloads: 7, meshed: 6 });
    expect(report.traffic!.mtlsShare).toBeCloseTo(11500 / 11700, 6);
    expect(report.traffic!.plaintextFlows).toBe(1);
  });

  it('raises nothing high or critical besides the plaintext to legacy-service', () => {
    const severe = report.findings.filter(
      f => f.severity === 'critical' || f.severity === 'high',
    );
    expect(severe.map(f => `${f.rule} ${f.subject}`)).toEqual([
      'plaintext-traffic-observed legacy/legacy-service',
    ]);
    expect(report.warnings).toEqual([]);
  });

  it('sees the root certificate valid for years', () => {
    expect(findingsOf('root-cert-expiring')).toEqual([]);
    expect(report.rootCertNotAfter).toBe('2034-03-10T09:14:12.000Z');
  });
});
