import { DEFAULT_HEALTH_THRESHOLDS } from '@mesh-security/plugin-mesh-security-common';
import type {
  MeshMetrics,
  MeshReport,
} from '@mesh-security/plugin-mesh-security-common';
import { evaluateTraffic } from './index';
import { flow, metrics, report, workload } from './testing';

const run = (r: MeshReport, m: MeshMetrics) =>
  evaluateTraffic({
    report: r,
    metrics: m,
    healthThresholds: DEFAULT_HEALTH_THRESHOLDS,
    strictReadyMinRequests: 100,
  });

describe('evaluateTraffic: merging reporters', () => {
  const r = report([
    workload('edge/gw'),
    workload('shop/orders'),
    workload('legacy/old', { dataplane: 'none' }),
  ]);

  it('prefers the destination reporter and ignores its source-reported twin', () => {
    const result = run(
      r,
      metrics({
        flows: [
          flow('edge/gw', 'shop/orders', 'source', 'unknown', 310, 9),
          flow('edge/gw', 'shop/orders', 'destination', 'mutual_tls', 300, 6),
        ],
        latencies: [
          {
            reporter: 'source',
            sourceNamespace: 'edge',
            sourceWorkload: 'gw',
            destinationNamespace: 'shop',
            destinationWorkload: 'orders',
            p50Ms: 11,
            p99Ms: 90,
          },
          {
            reporter: 'destination',
            sourceNamespace: 'edge',
            sourceWorkload: 'gw',
            destinationNamespace: 'shop',
            destinationWorkload: 'orders',
            p50Ms: 10,
            p99Ms: 80,
          },
        ],
      }),
    );
    const inbound = result.workloads['shop/orders'].inbound;
    expect(inbound).toHaveLength(1);
    expect(inbound[0]).toMatchObject({
      peer: 'edge/gw',
      reporter: 'destination',
      rate: 300,
      errorShare: 0.02,
      mtlsShare: 1,
      plaintext: false,
      p50Ms: 10,
      p99Ms: 80,
      health: 'WARN',
    });
    const outbound = result.workloads['edge/gw'].outbound;
    expect(outbound).toEqual([
      { ...inbound[0], direction: 'outbound', peer: 'shop/orders' },
    ]);
    expect(result.workloads['shop/orders'].rps).toBe(300);
  });

  it('sums destination samples per security value into one flow with a partial mTLS share', () => {
    const result = run(
      r,
      metrics({
        flows: [
          flow('edge/gw', 'shop/orders', 'destination', 'mutual_tls', 75),
          flow('edge/gw', 'shop/orders', 'destination', 'none', 25, 5),
        ],
      }),
    );
    expect(result.workloads['shop/orders'].inbound).toEqual([
      expect.objectContaining({
        rate: 100,
        mtlsShare: 0.75,
        plaintext: true,
        errorShare: 0.05,
        health: 'CRIT',
      }),
    ]);
    expect(result.workloads['shop/orders'].mtlsShare).toBe(0.75);
  });

  it('falls back to the source reporter when the destination side is silent', () => {
    const result = run(
      r,
      metrics({
        flows: [flow('edge/gw', 'shop/orders', 'source', 'unknown', 40, 0)],
      }),
    );
    expect(result.workloads['shop/orders'].inbound[0]).toMatchObject({
      reporter: 'source',
      rate: 40,
      mtlsShare: null,
      plaintext: false,
    });
    // a sidecar callee without destination samples: security simply unknown
    expect(result.workloads['shop/orders'].mtlsShare).toBeNull();
    expect(result.findings).toEqual([]);
  });

  it('treats source-only traffic to a workload without proxy as plaintext (legacy style)', () => {
    const result = run(
      r,
      metrics({
        flows: [flow('shop/orders', 'legacy/old', 'source', 'unknown', 200, 3)],
        latencies: [
          {
            reporter: 'source',
            destinationNamespace: 'legacy',
            destinationWorkload: 'old',
            p50Ms: 50,
            p99Ms: 500,
          },
        ],
      }),
    );
    const old = result.workloads['legacy/old'];
    expect(old).toMatchObject({
      rps: 200,
      errorShare: 0.015,
      health: 'WARN',
      mtlsShare: 0,
      p50Ms: 50,
      p99Ms: 500,
    });
    expect(old.inbound[0]).toMatchObject({
      reporter: 'source',
      mtlsShare: null,
      plaintext: true,
    });
    expect(result.mesh.plaintextFlows).toBe(1);
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'plaintext-traffic-observed',
        severity: 'high',
        subject: 'legacy/old',
        detail: expect.objectContaining({ callers: ['shop/orders'] }),
      }),
    ]);
    expect(result.findings[0].reason).toContain('200 req/s');
    expect(result.findings[0].reason).toContain('1 caller (shop/orders)');
  });

  it('reports destination-labelled plaintext with every plaintext caller, unknown callers included', () => {
    const result = run(
      r,
      metrics({
        flows: [
          flow('edge/gw', 'shop/orders', 'destination', 'mutual_tls', 90),
          flow('unknown/unknown', 'shop/orders', 'destination', 'none', 4),
          flow('legacy/old', 'shop/orders', 'destination', 'none', 6),
        ],
      }),
    );
    const finding = result.findings.find(
      f => f.rule === 'plaintext-traffic-observed',
    );
    expect(finding?.subject).toBe('shop/orders');
    expect(finding?.detail?.callers).toEqual(['legacy/old', 'unknown/unknown']);
    expect(finding?.reason).toContain('10 req/s');
    expect(result.mesh.plaintextFlows).toBe(2);
    expect(result.mesh.mtlsShare).toBeCloseTo(0.9);
  });

  it('uses the workload-level latency, else the only edge, else nothing', () => {
    const base = [
      flow('edge/gw', 'shop/orders', 'destination', 'mutual_tls', 10),
      {
        reporter: 'destination' as const,
        sourceNamespace: 'edge',
        sourceWorkload: 'gw',
        destinationNamespace: 'shop',
        destinationWorkload: 'orders',
        p50Ms: 7,
        p99Ms: 70,
      },
    ];
    const one = run(
      r,
      metrics({ flows: [base[0] as any], latencies: [base[1] as any] }),
    );
    expect(one.workloads['shop/orders']).toMatchObject({ p50Ms: 7, p99Ms: 70 });

    const two = run(
      r,
      metrics({
        flows: [
          base[0] as any,
          flow('legacy/old', 'shop/orders', 'destination', 'none', 1),
        ],
        latencies: [base[1] as any],
      }),
    );
    expect(two.workloads['shop/orders']).toMatchObject({
      p50Ms: null,
      p99Ms: null,
    });

    const withWorkloadLevel = run(
      r,
      metrics({
        flows: [base[0] as any],
        latencies: [
          base[1] as any,
          {
            reporter: 'source',
            destinationNamespace: 'shop',
            destinationWorkload: 'orders',
            p50Ms: 9,
            p99Ms: 99,
          },
          {
            reporter: 'destination',
            destinationNamespace: 'shop',
            destinationWorkload: 'orders',
            p50Ms: 8,
            p99Ms: 88,
          },
        ],
      }),
    );
    expect(withWorkloadLevel.workloads['shop/orders']).toMatchObject({
      p50Ms: 8,
      p99Ms: 88,
    });
  });

  it('sums mesh totals over request protocols and counts plaintext to a proxy-less callee', () => {
    const result = run(
      r,
      metrics({
        flows: [
          flow('edge/gw', 'shop/orders', 'destination', 'mutual_tls', 800),
          flow('edge/gw', 'shop/orders', 'source', 'unknown', 800),
          flow('shop/orders', 'legacy/old', 'source', 'unknown', 200),
          flow('shop/orders', 'legacy/old', 'source', 'unknown', 5, 0, 'tcp'),
          flow('shop/orders', 'unknown/unknown', 'source', 'unknown', 30),
        ],
      }),
    );
    expect(result.mesh.totalRps).toBe(1000);
    expect(result.mesh.mtlsShare).toBeCloseTo(0.8);
    // http and tcp to the same callee are one plaintext edge
    expect(result.mesh.plaintextFlows).toBe(1);
    expect(result.workloads['shop/orders'].outbound.map(f => f.peer)).toEqual([
      'legacy/old',
      'unknown/unknown',
      'legacy/old',
    ]);
    expect(result.mesh).toMatchObject({
      window: '5m',
      longWindow: '24h',
      collectedAt: '2026-08-03T09:00:00.000Z',
    });
  });

  it('gives every report workload an entry, idle ones with no mTLS share', () => {
    const result = run(r, metrics());
    expect(Object.keys(result.workloads)).toEqual([
      'edge/gw',
      'legacy/old',
      'shop/orders',
    ]);
    expect(result.workloads['edge/gw']).toMatchObject({
      rps: 0,
      errorShare: 0,
      health: 'OK',
      mtlsShare: null,
      inbound: [],
      outbound: [],
    });
    expect(result.mesh).toMatchObject({
      totalRps: 0,
      mtlsShare: null,
      plaintextFlows: 0,
    });
  });
});
