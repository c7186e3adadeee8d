import type { Finding } from '@mesh-security/plugin-mesh-security-common';
import { report, workload } from '../testing/reportFixture';
import { formatJson } from './json';
import { artifactUri, formatSarif, sarifLevel } from './sarif';
import { formatTable } from './table';
import { RULE_CATALOG } from '@mesh-security/plugin-mesh-security-common';

const ANSI_ESCAPE = '\u001b[';

const findings: Finding[] = [
  {
    rule: 'mtls-permissive',
    severity: 'low',
    subject: 'shop/cart',
    reason: 'cart accepts plaintext.',
  },
  {
    rule: 'dr-tls-disable-to-strict',
    severity: 'critical',
    subject: 'shop/payments',
    reason: 'The DestinationRule sends plaintext to a STRICT port.',
    port: 8443,
    remediation: 'tls:\n  mode: ISTIO_MUTUAL\n',
  },
  {
    rule: 'authz-allow-all',
    severity: 'high',
    subject: 'shop/allow-everything',
    reason: 'Allows all traffic.',
  },
  {
    rule: 'strict-ready',
    severity: 'info',
    subject: 'shop/cart',
    reason: 'Ready for STRICT.',
  },
  {
    rule: 'portlevelmtls-unknown-port',
    severity: 'medium',
    subject: 'shop/cart-ports',
    reason: 'Port 80 is not served.',
    port: 80,
  },
];
const sample = report(findings, [
  workload('shop', 'payments'),
  workload('shop', 'cart', {
    mtlsMode: 'PERMISSIVE',
    portModes: { '9090': 'DISABLE' },
    decidedBy: null,
  }),
  workload('edge', 'gateway', {
    dataplane: 'ambient',
    mtlsMode: 'PERMISSIVE',
    declaredMode: 'DISABLE',
  }),
]);

describe('json format', () => {
  it('projects the report onto the contract, keys sorted', () => {
    const json = JSON.parse(formatJson(sample));
    expect(Object.keys(json)).toEqual([
      'assumptions',
      'workloads',
      'findings',
      'suppressed',
      'coverage',
    ]);
    expect(Object.keys(json.workloads)).toEqual([
      'edge/gateway',
      'shop/cart',
      'shop/payments',
    ]);
    expect(json.workloads['shop/cart']).toEqual({
      inMesh: true,
      dataplane: 'sidecar',
      mtlsMode: 'PERMISSIVE',
      portModes: { '9090': 'DISABLE' },
      decidedBy: null,
    });
    expect(json.workloads['edge/gateway'].declaredMode).toBe('DISABLE');
    expect(json.findings[1]).toEqual(findings[1]);
  });
});

describe('sarif format', () => {
  const locate = (f: Finding) =>
    f.subject === 'shop/payments'
      ? { file: 'manifests/payments.yaml', line: 12 }
      : undefined;
  const sarif = JSON.parse(
    formatSarif(sample, { locate, baseDir: '/repo', version: '1.2.3' }),
  );

  it('is a SARIF 2.1.0 log with a described rule for every result', () => {
    expect(sarif.$schema).toMatch(/^https:\/\/.*sarif-schema-2\.1\.0\.json$/);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const { driver } = sarif.runs[0].tool;
    expect(driver).toMatchObject({
      name: 'mesh-security',
      version: '1.2.3',
      informationUri: expect.stringMatching(/^https:\/\//),
    });
    expect(driver.rules.map((r: any) => r.id)).toEqual(
      Object.keys(RULE_CATALOG),
    );
    for (const rule of driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(5);
      expect(['error', 'warning', 'note']).toContain(
        rule.defaultConfiguration.level,
      );
    }
    for (const result of sarif.runs[0].results) {
      expect(driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.message.text).toMatch(/\S/);
    }
  });

  it('maps severities to levels, most severe first', () => {
    expect(sarif.runs[0].results.map((r: any) => [r.ruleId, r.level])).toEqual([
      ['dr-tls-disable-to-strict', 'error'],
      ['authz-allow-all', 'error'],
      ['portlevelmtls-unknown-port', 'warning'],
      ['mtls-permissive', 'note'],
      ['strict-ready', 'note'],
    ]);
    expect(
      ['critical', 'high', 'medium', 'low', 'info'].map(s =>
        sarifLevel(s as any),
      ),
    ).toEqual(['error', 'error', 'warning', 'note', 'note']);
  });

  it('locates results in their manifest when known, by subject otherwise', () => {
    const [critical, high] = sarif.runs[0].results;
    expect(critical.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'manifests/payments.yaml' },
      region: { startLine: 12 },
    });
    expect(critical.properties).toMatchObject({
      port: 8443,
      remediation: 'tls:\n  mode: ISTIO_MUTUAL\n',
    });
    expect(high.locations[0].physicalLocation).toBeUndefined();
    expect(high.locations[0].logicalLocations[0].fullyQualifiedName).toBe(
      'shop/allow-everything',
    );
    expect(critical.partialFingerprints['meshSecurityFinding/v1']).toMatch(
      /^[0-9a-f]{32}$/,
    );
  });

  it('writes repository-relative URIs', () => {
    expect(artifactUri('a/b c.yaml', '/repo')).toBe('a/b%20c.yaml');
    expect(artifactUri('/repo/x/y.yaml', '/repo')).toBe('x/y.yaml');
    expect(artifactUri('/elsewhere/y.yaml', '/repo')).toBe(
      'file:///elsewhere/y.yaml',
    );
  });
});

describe('table format', () => {
  it('groups findings by severity, lists workloads and ends with the summary', () => {
    const text = formatTable(sample, { color: false, failOn: 'high' });
    const headings = text.split('\n').filter(l => /^[A-Z]+ \(\d+\)$/.test(l));
    expect(headings).toEqual([
      'CRITICAL (1)',
      'HIGH (1)',
      'MEDIUM (1)',
      'LOW (1)',
      'INFO (1)',
      'WORKLOADS (3)',
    ]);
    expect(text).toMatch(
      /^ {2}dr-tls-disable-to-strict\s+shop\/payments:8443\s+The DestinationRule/m,
    );
    expect(text).toMatch(
      /^ {2}shop\/cart\s+sidecar\s+PERMISSIVE\s+\d+\s+-\s+9090=DISABLE$/m,
    );
    expect(text).toMatch(
      /^ {2}edge\/gateway\s+ambient\s+PERMISSIVE \(declared DISABLE\)/m,
    );
    expect(text.trimEnd().split('\n').pop()).toBe(
      '3 workloads: 3 of 3 in mesh, 1 STRICT · findings: 1 critical, 1 high, 1 medium, 1 low, 1 info · FAIL: 2 at or above high',
    );
    expect(text).not.toContain(ANSI_ESCAPE);
  });

  it('colours for a terminal and keeps the columns aligned', () => {
    const text = formatTable(sample, { color: true, failOn: 'none' });
    expect(text).toContain(ANSI_ESCAPE);
    const stripped = text
      .split(ANSI_ESCAPE)
      .map((part, i) => (i === 0 ? part : part.replace(/^[0-9;]*m/, '')))
      .join('');
    expect(stripped).toEqual(
      formatTable(sample, { color: false, failOn: 'none' }),
    );
    expect(stripped.trimEnd().endsWith('fail-on none')).toBe(true);
  });

  it('counts what it lists: declared workloads and control-plane rows are marked', () => {
    const r = report(
      [],
      [
        workload('default', 'reviews-v1', { declared: true, pods: [] }),
        workload('istio-system', 'istiod', {
          coverageExcluded: 'control-plane',
        }),
      ],
    );
    r.coverage = { workloads: 1, meshed: 1, strict: 1, byNamespace: {} };
    const text = formatTable(r, { color: false, failOn: 'high' });
    expect(text).toMatch(
      /^ {2}default\/reviews-v1\s+sidecar\s+STRICT\s+declared, 0 pods\s/m,
    );
    expect(text).toMatch(
      /^ {2}istio-system\/istiod\s+sidecar\s+STRICT\s+1 \(control plane, not counted\)\s/m,
    );
    expect(text).toMatch(/^WORKLOADS \(2\)$/m);
    expect(text).toMatch(
      /^2 workloads \(1 not counted\): 1 of 1 in mesh, 1 STRICT/m,
    );
  });

  it('says so when there are no findings', () => {
    const text = formatTable(report([], [workload('shop', 'web')]), {
      color: false,
      failOn: 'high',
    });
    expect(text).toMatch(/^No findings\.$/m);
    expect(text).toMatch(/PASS: none at or above high$/m);
  });
});
