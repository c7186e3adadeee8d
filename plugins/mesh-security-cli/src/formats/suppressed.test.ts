import type { SuppressedFinding } from '@mesh-security/plugin-mesh-security-common';
import { report, workload } from '../testing/reportFixture';
import { formatJson } from './json';
import { formatSarif } from './sarif';
import { formatTable } from './table';

const accepted: SuppressedFinding = {
  rule: 'mtls-permissive',
  severity: 'low',
  subject: 'shop/cart',
  reason: 'cart accepts plaintext.',
  suppression: { by: 'annotation', reason: null },
};
const withSuppressed = {
  ...report([], [workload('shop', 'cart', { mtlsMode: 'PERMISSIVE' })]),
  suppressed: [accepted],
};
const sarifContext = {
  locate: () => undefined,
  baseDir: '/repo',
  version: '1.0.0',
};

describe('formats: suppressed findings', () => {
  it('json: always has `suppressed`, empty for a report from an older engine', () => {
    const old = report([], [workload('shop', 'cart')]);
    expect(old.suppressed).toBeUndefined();
    expect(JSON.parse(formatJson(old)).suppressed).toEqual([]);
    expect(JSON.parse(formatJson(withSuppressed)).suppressed).toEqual([
      {
        rule: 'mtls-permissive',
        severity: 'low',
        subject: 'shop/cart',
        reason: 'cart accepts plaintext.',
        suppression: { by: 'annotation', reason: null },
      },
    ]);
  });

  it('table: no block without suppressed findings, and "No findings." stays true', () => {
    const old = formatTable(report([], [workload('shop', 'cart')]), {
      color: false,
      failOn: 'high',
    });
    expect(old).not.toMatch(/SUPPRESSED/);
    const text = formatTable(withSuppressed, { color: false, failOn: 'high' });
    expect(text).toMatch(/^No findings\.$/m);
    expect(text).toMatch(
      /^SUPPRESSED \(1\)\n {2}low +mtls-permissive +shop\/cart +annotation: no reason given$/m,
    );
  });

  it('sarif: a suppressed result says who suppressed it even without a reason', () => {
    const [sarifRun] = JSON.parse(
      formatSarif(withSuppressed, sarifContext),
    ).runs;
    expect(sarifRun.results).toEqual([
      expect.objectContaining({
        ruleId: 'mtls-permissive',
        suppressions: [
          {
            kind: 'inSource',
            justification:
              'mesh-security.io/suppress annotation (no reason given)',
          },
        ],
      }),
    ]);
  });
});
