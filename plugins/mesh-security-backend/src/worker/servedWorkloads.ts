/**
 * A report's workloads handed to the main thread as it keeps them: each
 * posture's JSON text in one transferred buffer, which becomes the texts'
 * home as it is (see workloadTexts), and their look-up fields in a few
 * small JSON texts in front of them.
 *
 * Why: decoded from the stored parts instead, a 4x mesh's 63 MB of posture
 * texts were made into strings twice on the main thread (each part, then
 * each text) and copied into an arena: ~2 s of its time at the end of each
 * refresh, and some 150 MB of garbage for its collector.
 */
import type { WorkloadEntry, WorkloadLookup } from '../snapshot/workloadTexts';
import { entryOfSpan, WorkloadTextItem } from '../snapshot/workloadTexts';
import { PackedTexts, packTexts, textAt } from './packedTexts';
import { createYielder } from './yieldToLoop';

export interface ServedWorkloads {
  /** `lookupTexts` JSON texts of `[key, lookup]` pairs, then one posture text per workload, in order */
  texts: PackedTexts;
  lookupTexts: number;
}

/** Collects the workloads as the refresh worker encodes them, a part at a time. */
export class ServedWorkloadsBuilder {
  private readonly lookups: string[] = [];
  /** each part's posture texts as UTF-8: no string outlives its part */
  private readonly postures: Buffer[] = [];
  private readonly sizes: number[] = [];

  add(items: WorkloadTextItem[]) {
    this.lookups.push(
      JSON.stringify(items.map(([key, lookup]) => [key, lookup])),
    );
    for (const [, , text] of items) {
      const bytes = Buffer.from(text);
      this.postures.push(bytes);
      this.sizes.push(bytes.length);
    }
  }

  build(): ServedWorkloads {
    const head = packTexts(this.lookups);
    const ends = [...head.ends];
    let size = head.buffer.byteLength;
    for (const bytes of this.sizes) {
      size += bytes;
      ends.push(size);
    }
    const all = Buffer.concat(
      [Buffer.from(head.buffer), ...this.postures],
      size,
    );
    return {
      // a fresh ArrayBuffer of exactly these bytes
      texts: {
        buffer: all.buffer.slice(all.byteOffset, all.byteOffset + size),
        ends,
      },
      lookupTexts: this.lookups.length,
    };
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
 * The entries over the handed buffer: no posture is decoded, each is parsed
 * when a request reads it. Lets the event loop through between look-up texts.
 */
export async function servedWorkloadEntries({
  texts,
  lookupTexts,
}: ServedWorkloads): Promise<WorkloadEntry[]> {
  const yieldNow = createYielder();
  const chunk = Buffer.from(texts.buffer);
  const entries: WorkloadEntry[] = [];
  let index = lookupTexts;
  for (let i = 0; i < lookupTexts; i++) {
    await yieldNow();
    const pairs: Array<[string, WorkloadLookup]> = JSON.parse(textAt(texts, i));
    for (const [key, lookup] of pairs) {
      if (index >= texts.ends.length) {
        throw new Error('the handed workloads hold fewer texts than look-ups');
      }
      const span = {
        chunk,
        start: texts.ends[index - 1],
        end: texts.ends[index],
      };
      entries.push(entryOfSpan(key, lookup, span));
      index++;
    }
  }
  if (index !== texts.ends.length) {
    throw new Error('the handed workloads hold more texts than look-ups');
  }
  return entries;
}
