import { finding, report, service, workload } from '../__testUtils__/fixtures';
import { decodeReport, encodeReport, ITEMS_PER_PART } from './reportParts';

const many = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('report parts', () => {
  const big = report(
    many(ITEMS_PER_PART * 2 + 7).map(i => workload(`ns-${i % 9}/app-${i}`)),
  );
  big.findings = many(ITEMS_PER_PART + 1).map(i =>
    finding('workload-outside-mesh', 'high', `ns/app-${i}`),
  );
  big.services = many(3).map(i => service(`ns/svc-${i}`, [`ns/app-${i}`]));

  it('round-trips a report split into parts of bounded size', async () => {
    const parts = encodeReport(big);
    for (const part of parts.slice(1)) {
      const parsed = JSON.parse(part);
      expect((parsed.workloads ?? parsed.items).length).toBeLessThanOrEqual(
        ITEMS_PER_PART,
      );
    }
    // 3 parts of workloads, 2 of findings, 1 of services, and the head
    expect(parts).toHaveLength(7);
    expect(await decodeReport(parts)).toEqual(big);
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
