/**
 * A report's workloads handed to the main thread as it keeps them: each
 * posture's JSON text in shared buffers the worker filled (a `TextPacker`),
 * which become the texts' home as they are (see workloadTexts), and their
 * look-up fields in a few small JSON texts. All of it is shared memory, which
 * V8 does not count as the receiving thread's external memory (see
 * packedTexts): nothing to transfer.
 *
 * Why: decoded from the stored parts instead, a 4x mesh's 63 MB of posture
 * texts were made into strings twice on the main thread (each part, then
 * each text) and copied into an arena: ~2 s of its time at the end of each
 * refresh, and some 150 MB of garbage for its collector.
 */
import type { WorkloadEntry, WorkloadLookup } from '../snapshot/workloadTexts';
import { entryOfSpan, WorkloadTextItem } from '../snapshot/workloadTexts';
import { countOf, PackedTexts, TextPacker, textAt } from './packedTexts';
import { createYielder } from './yieldToLoop';

export interface ServedWorkloads {
  /** JSON texts of `[key, lookup]` pairs, one per report part of workloads */
  lookups: PackedTexts;
  /** per workload, in the look-ups' order: its posture's JSON text */
  postures: PackedTexts;
}

/** Collects the workloads as the refresh worker encodes them, a part at a time. */
export class ServedWorkloadsBuilder {
  private readonly lookups = new TextPacker();
  private readonly postures = new TextPacker();

  add(items: WorkloadTextItem[]) {
    this.lookups.add(
      JSON.stringify(items.map(([key, lookup]) => [key, lookup])),
    );
    // written once, where the main thread will read it: no string outlives its part
    for (const [, , text] of items) this.postures.add(text);
  }

  build(): ServedWorkloads {
    return { lookups: this.lookups.pack(), postures: this.postures.pack() };
  }
}

/** The workloads packed at once (tests, small reports). */
export function packServedWorkloads(
  parts: WorkloadTextItem[][],
): ServedWorkloads {
  const builder = new ServedWorkloadsBuilder();
  for (const items of parts) builder.add(items);
  return builder.build();
}

/**
 * The entries over the handed buffers: no posture is decoded, each is parsed
 * when a request reads it. Lets the event loop through between look-up texts.
 */
export async function servedWorkloadEntries({
  lookups,
  postures,
}: ServedWorkloads): Promise<WorkloadEntry[]> {
  const yieldNow = createYielder();
  // one view per buffer, shared by the spans of its texts
  const buffers = postures.chunks.map(chunk => Buffer.from(chunk));
  const { spans } = postures;
  const entries: WorkloadEntry[] = [];
  for (let i = 0; i < countOf(lookups); i++) {
    await yieldNow();
    const pairs: Array<[string, WorkloadLookup]> = JSON.parse(
      textAt(lookups, i),
    );
    for (const [key, lookup] of pairs) {
      const at = 3 * entries.length;
      if (at >= spans.length) {
        throw new Error('the handed workloads hold fewer texts than look-ups');
      }
      const chunk = buffers[spans[at]];
      const [start, end] = [spans[at + 1], spans[at + 2]];
      if (!chunk || start > end || end > chunk.length) {
        throw new Error(
          `the handed text of workload ${key} lies outside its buffers`,
        );
      }
      entries.push(entryOfSpan(key, lookup, { chunk, start, end }));
    }
  }
  if (3 * entries.length !== spans.length) {
    throw new Error('the handed workloads hold more texts than look-ups');
  }
  return entries;
}
