/**
 * A report as several JSON strings of bounded size instead of one: written
 * as separate rows, and parsed piece by piece on the main thread with the
 * event loop let through between pieces, so no single parse or database
 * write of a large mesh holds it for long.
 */
import type { MeshReport } from '@mesh-security/plugin-mesh-security-common';
import {
  entryOfText,
  ObjectWorkload,
  textBackedWorkloads,
  WorkloadEntry,
  workloadEntries,
  WorkloadTextItem,
} from '../snapshot/workloadTexts';
import { TextArena } from '../snapshot/textArena';
import { createYielder } from './yieldToLoop';

/** findings, services and suppressed findings per part: ~100–300 KB of JSON */
export const ITEMS_PER_PART = 500;
/**
 * workloads per part: a workload is ~5 KB of JSON (its policies), so 500 made
 * parts of 2.5 MB whose decoding alone held the main thread for ~50 ms.
 * (Parts of 20, below V8's large-object size, measured no better.)
 */
export const WORKLOADS_PER_PART = 100;

const LISTS = ['services', 'findings', 'suppressed'] as const;
type ListField = (typeof LISTS)[number];

type Part =
  | { head: Omit<MeshReport, 'workloads' | ListField> }
  /** each posture as its own JSON text: the main thread keeps it so (see workloadTexts) */
  | { workloadTexts: WorkloadTextItem[] }
  /** parts written before workloads were kept as texts */
  | { workloads: Array<[string, MeshReport['workloads'][string]]> }
  | { list: ListField; items: unknown[] };

function* chunks<T>(items: T[], size = ITEMS_PER_PART): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) {
    yield items.slice(i, i + size);
  }
}

/**
 * The report's parts: the head, the parts of workloads, then the lists;
 * `onWorkloads` is shown each part's workloads as written. Each part is made
 * when it is reached, so its text can be written and let go before the next.
 * Pure; runs in the refresh worker.
 */
export function* reportPartTexts(
  report: MeshReport,
  onWorkloads?: (items: WorkloadTextItem[]) => void,
): Generator<string> {
  const { workloads, services, findings, suppressed, ...head } = report;
  const text = (part: Part) => JSON.stringify(part);
  yield text({ head });
  // a report decoded here keeps its texts: they are written as they are
  for (const chunk of chunks(workloadEntries(workloads), WORKLOADS_PER_PART)) {
    const items = chunk.map(entry => entry.item());
    onWorkloads?.(items);
    yield text({ workloadTexts: items });
  }
  const lists: Record<ListField, unknown[] | undefined> = {
    services,
    findings,
    suppressed,
  };
  for (const list of LISTS) {
    const items = lists[list];
    if (!items) continue;
    // an empty list is written too: absent and empty differ for `suppressed`
    if (items.length === 0) yield text({ list, items: [] });
    for (const chunk of chunks(items)) yield text({ list, items: chunk });
  }
}

/** The report's parts at once (see {@link reportPartTexts}). */
export function encodeReport(
  report: MeshReport,
  onWorkloads?: (items: WorkloadTextItem[]) => void,
): string[] {
  return [...reportPartTexts(report, onWorkloads)];
}

/**
 * The report back from its parts, in order, yielding to the event loop
 * between parts. Its workloads stay texts, kept outside the heap and parsed
 * when read (see workloadTexts); when they are `given`, the parts hold none.
 */
export async function decodeReport(
  parts: Iterable<string>,
  given?: WorkloadEntry[],
): Promise<MeshReport> {
  const yieldNow = createYielder();
  let head: Part | undefined;
  const workloads: WorkloadEntry[] = given ? [...given] : [];
  const arena = new TextArena();
  const lists: Partial<Record<ListField, unknown[]>> = {};
  for (const text of parts) {
    await yieldNow();
    const part = JSON.parse(text) as Part;
    if ('head' in part) head = part;
    else if ('workloadTexts' in part) {
      for (const item of part.workloadTexts) {
        workloads.push(entryOfText(item, arena));
      }
    } else if ('workloads' in part) {
      for (const [key, value] of part.workloads) {
        workloads.push(new ObjectWorkload(key, value));
      }
    } else {
      const into = (lists[part.list] ??= []);
      for (const item of part.items) into.push(item);
    }
  }
  if (!head || !('head' in head)) {
    throw new Error('stored report has no head part');
  }
  return {
    ...head.head,
    workloads: textBackedWorkloads(workloads),
    services: (lists.services ?? []) as MeshReport['services'],
    findings: (lists.findings ?? []) as MeshReport['findings'],
    ...(lists.suppressed && {
      suppressed: lists.suppressed as NonNullable<MeshReport['suppressed']>,
    }),
  };
}
