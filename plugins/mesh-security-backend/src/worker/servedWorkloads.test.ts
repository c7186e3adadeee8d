import type { MeshReport } from '@mesh-security/plugin-mesh-security-common';
import { finding, report, service, workload } from '../__testUtils__/fixtures';
import { WorkloadTextItem, workloadEntries } from '../snapshot/workloadTexts';
import { ClusterJobRunner, reportPartsOf, servedReportOf } from './clusterJob';
import { decodeReport, encodeReport, WORKLOADS_PER_PART } from './reportParts';
import { countOf } from './packedTexts';
import { packServedWorkloads, servedWorkloadEntries } from './servedWorkloads';

/** The report's workloads packed for the main thread, as the worker does. */
function handOver(r: MeshReport) {
  const parts: WorkloadTextItem[][] = [];
  encodeReport(r, items => parts.push(items));
  return packServedWorkloads(parts);
}

const many = (n: number) => Array.from({ length: n }, (_, i) => i);

// more workloads than one part holds; multi-byte names and labels
const big = report(
  many(WORKLOADS_PER_PART + 3).map(i =>
    workload(`ns-${i % 4}/zürich-🚀-${i}`, { labels: { app: `東京-${i}` } }),
  ),
  many(7).map(i => finding('workload-outside-mesh', 'high', `ns-0/app-${i}`)),
);
big.services = [service('ns-0/svc', ['ns-0/zürich-🚀-0'])];

describe('served workloads', () => {
  it('hands over every workload with its look-up fields, each posture parsed only when read', async () => {
    const handed = handOver(big);
    expect(countOf(handed.lookups)).toBe(2);
    const entries = await servedWorkloadEntries(handed);
    expect(entries.map(e => e.key)).toEqual(Object.keys(big.workloads));
    expect(entries[WORKLOADS_PER_PART + 2].labels).toEqual({
      app: `東京-${WORKLOADS_PER_PART + 2}`,
    });
    expect(entries.map(e => e.posture())).toEqual(Object.values(big.workloads));
    // a fresh copy each read: a request cannot change what the next one sees
    expect(entries[0].posture()).not.toBe(entries[0].posture());
  });

  it('hands everything over in shared memory, so nothing counts as the main thread’s external memory', () => {
    const handed = handOver(big);
    expect(handed.postures.chunks.length).toBeGreaterThan(0);
    for (const buffer of [
      ...handed.lookups.chunks,
      handed.lookups.spans.buffer,
      ...handed.postures.chunks,
      handed.postures.spans.buffer,
    ]) {
      expect(buffer).toBeInstanceOf(SharedArrayBuffer);
    }
  });

  it('serves the report a refresh produced as the stored parts read back would, without decoding a workload part', async () => {
    const runner = new ClusterJobRunner(() => big);
    const result = runner.run({
      read: {
        cluster: 'prod',
        objects: [],
        status: { name: 'kubernetes:prod', kind: 'kubernetes', state: 'ok' },
      },
      now: '2026-12-06T00:00:00.000Z',
      generatedAt: '2026-12-06T00:00:00.000Z',
    });
    expect(countOf(result.workloads.lookups)).toBeGreaterThan(1);
    const served = await servedReportOf(result);
    expect(served).toEqual(await decodeReport(reportPartsOf(result)));
    expect(served).toEqual(big);
    // written again (a cluster served stale) as the worker wrote it
    expect(encodeReport(served)).toEqual([...reportPartsOf(result)]);
    expect(workloadEntries(served.workloads)).toHaveLength(
      Object.keys(big.workloads).length,
    );
  });

  it('refuses a handover whose look-ups and texts disagree rather than serve workloads with the wrong postures', async () => {
    const handed = handOver(big);
    const spans = (numbers: number[]) => ({
      ...handed,
      postures: { ...handed.postures, spans: Uint32Array.from(numbers) },
    });
    const all = [...handed.postures.spans];
    await expect(
      servedWorkloadEntries(spans(all.slice(0, -3))),
    ).rejects.toThrow('fewer texts than look-ups');
    await expect(
      servedWorkloadEntries(spans([...all, ...all.slice(0, 3)])),
    ).rejects.toThrow('more texts than look-ups');
    const past = [...all];
    past[2] = handed.postures.chunks[past[0]].byteLength + 1;
    await expect(servedWorkloadEntries(spans(past))).rejects.toThrow(
      'lies outside its buffers',
    );
  });
});
