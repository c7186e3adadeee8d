/**
 * A report's workloads as the main thread keeps them: each posture as its
 * JSON text, beside the few fields the look-ups read (namespace, labels).
 *
 * Why: at four times the benchmark mesh the workloads are 63 MB of JSON and,
 * parsed, some 280 MB of small objects. Every full garbage collection of the
 * backend's heap marks all of them, and while a refresh swaps snapshots two
 * copies are alive: the pauses stalled every request for 250 ms and more.
 * The texts are kept in a `TextArena`, outside the heap, and a request parses
 * only the workloads it serves.
 */
import type {
  MeshReport,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import { TextArena, TextSpan, textOf } from './textArena';

/** What an index needs of a workload without parsing it. */
export interface WorkloadLookup {
  namespace: string;
  labels: Record<string, string>;
}

/** One workload of a served report; `posture()` parses it (a fresh copy each call). */
export interface WorkloadEntry extends WorkloadLookup {
  /** `namespace/name`, the key in `MeshReport.workloads` */
  key: string;
  posture(): WorkloadPosture;
  /** as the refresh worker writes it (see `workloadTextItem`) */
  item(): WorkloadTextItem;
}

class TextWorkload implements WorkloadEntry {
  constructor(
    readonly key: string,
    readonly namespace: string,
    readonly labels: Record<string, string>,
    private readonly text: TextSpan,
  ) {}

  posture(): WorkloadPosture {
    return JSON.parse(textOf(this.text));
  }

  item(): WorkloadTextItem {
    return [
      this.key,
      { namespace: this.namespace, labels: this.labels },
      textOf(this.text),
    ];
  }
}

/** A workload already parsed (reports built on this thread, older stored parts). */
export class ObjectWorkload implements WorkloadEntry {
  readonly namespace: string;
  readonly labels: Record<string, string>;

  constructor(readonly key: string, private readonly value: WorkloadPosture) {
    this.namespace = value.namespace;
    this.labels = value.labels ?? {};
  }

  posture(): WorkloadPosture {
    return this.value;
  }

  item(): WorkloadTextItem {
    return workloadTextItem(this.key, this.value);
  }
}

/** What the refresh worker writes per workload: key, look-up fields, posture JSON. */
export type WorkloadTextItem = [string, WorkloadLookup, string];

export function workloadTextItem(
  key: string,
  posture: WorkloadPosture,
): WorkloadTextItem {
  return [
    key,
    { namespace: posture.namespace, labels: posture.labels ?? {} },
    JSON.stringify(posture),
  ];
}

/** An entry whose text lies at `span` (a buffer the entry keeps alive). */
export function entryOfSpan(
  key: string,
  lookup: WorkloadLookup,
  span: TextSpan,
): WorkloadEntry {
  return new TextWorkload(key, lookup.namespace, lookup.labels ?? {}, span);
}

/** An entry whose text is kept in `arena` (one per decoded report: its chunks go with it). */
export function entryOfText(
  [key, lookup, text]: WorkloadTextItem,
  arena: TextArena,
): WorkloadEntry {
  return entryOfSpan(key, lookup, arena.add(text));
}

/** The entries behind a record made by `textBackedWorkloads`. */
const ENTRIES = new WeakMap<object, WorkloadEntry[]>();

function readOnly(): never {
  throw new TypeError('the workloads of a served report are read-only');
}

/**
 * `MeshReport.workloads` over entries: reads as the plain record (keys,
 * values, `JSON.stringify`), parsing a posture only when it is read, so code
 * that needs the whole report (what-if, tests) is unchanged.
 */
export function textBackedWorkloads(
  entries: WorkloadEntry[],
): MeshReport['workloads'] {
  const byKey = new Map(entries.map(e => [e.key, e]));
  const keys = [...byKey.keys()];
  const record = new Proxy({} as MeshReport['workloads'], {
    get: (_target, key) =>
      typeof key === 'string' ? byKey.get(key)?.posture() : undefined,
    has: (_target, key) => typeof key === 'string' && byKey.has(key),
    ownKeys: () => keys,
    getOwnPropertyDescriptor: (_target, key) => {
      const entry = typeof key === 'string' ? byKey.get(key) : undefined;
      return entry
        ? {
            value: entry.posture(),
            enumerable: true,
            configurable: true,
            writable: false,
          }
        : undefined;
    },
    set: readOnly,
    defineProperty: readOnly,
    deleteProperty: readOnly,
  });
  ENTRIES.set(record, [...byKey.values()]);
  return record;
}

/** A report's workloads as entries: the texts behind them, or the objects as they are. */
export function workloadEntries(
  workloads: MeshReport['workloads'],
): WorkloadEntry[] {
  return (
    ENTRIES.get(workloads) ??
    Object.entries(workloads).map(
      ([key, posture]) => new ObjectWorkload(key, posture),
    )
  );
}
