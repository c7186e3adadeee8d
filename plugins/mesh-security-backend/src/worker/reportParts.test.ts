import { finding, report, service, workload } from '../__testUtils__/fixtures';
import { workloadEntries } from '../snapshot/workloadTexts';
import {
  decodeReport,
  encodeReport,
  ITEMS_PER_PART,
  WORKLOADS_PER_PART,
} from './reportParts';

const many = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('report parts', () => {
  const big = report(
    many(WORKLOADS_PER_PART * 2 + 7).map(i => workload(`ns-${i % 9}/app-${i}`)),
  );
  big.findings = many(ITEMS_PER_PART + 1).map(i =>
    finding('workload-outside-mesh', 'high', `ns/app-${i}`),
  );
  big.services = many(3).map(i => service(`ns/svc-${i}`, [`ns/app-${i}`]));

  it('round-trips a report split into parts of bounded size', async () => {
    const parts = encodeReport(big);
    const bodies = parts.slice(1).map(part => JSON.parse(part));
    const sizes = (field: string) =>
      bodies.filter(body => field in body).map(body => body[field].length);
    expect(Math.max(...sizes('workloadTexts'))).toBe(WORKLOADS_PER_PART);
    expect(Math.max(...sizes('items'))).toBe(ITEMS_PER_PART);
    // 3 parts of workloads, 2 of findings, 1 of services, and the head
    expect(parts).toHaveLength(7);
    expect(await decodeReport(parts)).toEqual(big);
  });

  it('keeps workloads as texts, parsed when read, and writes them again as they are', async () => {
    const parts = encodeReport(big);
    const decoded = await decodeReport(parts);
    const [key] = Object.keys(big.workloads);
    expect(workloadEntries(decoded.workloads)[0].item()).toEqual(
      JSON.parse(parts[1]).workloadTexts[0],
    );
    expect(decoded.workloads[key]).toEqual(big.workloads[key]);
    expect(decoded.workloads[key]).not.toBe(decoded.workloads[key]);
    expect(encodeReport(decoded)).toEqual(parts);
  });

  it('reads parts written before workloads were kept as texts', async () => {
    const [head, , ...rest] = encodeReport(big);
    const older = JSON.stringify({
      workloads: Object.entries(big.workloads).slice(0, 3),
    });
    const decoded = await decodeReport([head, older, ...rest.slice(2)]);
    expect(Object.keys(decoded.workloads)).toEqual(
      Object.keys(big.workloads).slice(0, 3),
    );
    expect(Object.values(decoded.workloads)).toEqual(
      Object.values(big.workloads).slice(0, 3),
    );
  });

  it('keeps an empty list apart from an absent one', async () => {
    const none = report([]);
    delete none.suppressed;
    expect(await decodeReport(encodeReport(none))).toEqual(none);
    expect(
      (await decodeReport(encodeReport({ ...none, suppressed: [] })))
        .suppressed,
    ).toEqual([]);
  });

  it('refuses parts without a head rather than serve an empty report', async () => {
    const [, ...rest] = encodeReport(big);
    await expect(decodeReport(rest)).rejects.toThrow(
      'stored report has no head part',
    );
  });
});
