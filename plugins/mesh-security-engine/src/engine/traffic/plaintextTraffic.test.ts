import {
  DEFAULT_HEALTH_THRESHOLDS,
  type Finding,
  type MeshMetrics,
} from '@mesh-security/plugin-mesh-security-common';
import { evaluateTraffic } from './index';
import { CALLERS_LIMIT } from './plaintextTraffic';
import { flow, metrics, report, workload } from './testing';

const r = report([workload('shop/orders')]);

function plaintextFinding(m: MeshMetrics): Finding {
  const { findings } = evaluateTraffic({
    report: r,
    metrics: m,
    healthThresholds: DEFAULT_HEALTH_THRESHOLDS,
    strictReadyMinRequests: 100,
  });
  return findings.find(f => f.rule === 'plaintext-traffic-observed')!;
}

/** `n` plaintext callers `scan/c00001`…, the later ones sending more. */
function callers(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    name: `scan/c${String(i + 1).padStart(5, '0')}`,
    rate: i + 1,
  }));
}

describe('plaintext-traffic-observed: caller lists', () => {
  it('names at most CALLERS_LIMIT callers, the heaviest senders, and counts the rest', () => {
    const all = callers(5000);
    const finding = plaintextFinding(
      metrics({
        flows: all.map(c =>
          flow(c.name, 'shop/orders', 'destination', 'none', c.rate),
        ),
      }),
    );
    const heaviest = all
      .slice(-CALLERS_LIMIT)
      .map(c => c.name)
      .sort();
    expect(finding.detail?.callers).toEqual(heaviest);
    expect(finding.detail?.callersTotal).toBe(5000);
    expect(finding.reason).toContain(
      `5000 callers (${heaviest.join(', ')} …and ${5000 - CALLERS_LIMIT} more)`,
    );
    expect(finding.reason).not.toContain(all[0].name);
    // the finding stays small whatever the number of callers
    expect(JSON.stringify(finding).length).toBeLessThan(2000);
  });

  it('names every caller when there are no more than the limit', () => {
    const all = callers(CALLERS_LIMIT);
    const finding = plaintextFinding(
      metrics({
        flows: all.map(c =>
          flow(c.name, 'shop/orders', 'destination', 'none', c.rate),
        ),
      }),
    );
    expect(finding.detail?.callers).toEqual(all.map(c => c.name));
    expect(finding.detail?.callersTotal).toBe(CALLERS_LIMIT);
    expect(finding.reason).not.toContain('more');
  });
});
