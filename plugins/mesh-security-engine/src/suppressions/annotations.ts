import {
  isRuleId,
  type MeshReport,
} from '@mesh-security/plugin-mesh-security-common';
import { asArray, asDict, asString, type Dict } from '../engine/values';
import { subjectKindOfObject, WORKLOAD_KINDS } from './subjectKind';
import { SUPPRESS_ANNOTATION, SUPPRESS_REASON_ANNOTATION } from './types';

/** One `mesh-security.io/suppress` annotation, read. */
export interface AnnotationSuppression {
  /** rule ids it names; `*` for all */
  rules: '*' | ReadonlySet<string>;
  reason: string | null;
}

/** Annotation suppressions of a set of objects, keyed the way findings name their subjects. */
export interface AnnotationSuppressions {
  /** `namespace/name` → suppressions, each for one kind of subject (see subjectKind.ts) */
  bySubject: Map<string, Array<AnnotationSuppression & { kind: string }>>;
  /** namespace → suppressions of its Namespace object (every subject in it, and `/name`) */
  byNamespace: Map<string, AnnotationSuppression[]>;
  /** `Deployment shop/x: mesh-security.io/suppress names unknown rule "foo"` */
  problems: string[];
}

const CONTROLLER_TEMPLATE: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

function at(value: unknown, path: string[]): Dict | undefined {
  let node = asDict(value);
  for (const key of path) node = asDict(node?.[key]);
  return node;
}

/** Reads one annotation map; problems are pushed with `what` (the object) in front. */
function readAnnotation(
  annotations: Dict | undefined,
  what: string,
  problems: string[],
): AnnotationSuppression | undefined {
  const raw = annotations?.[SUPPRESS_ANNOTATION];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') {
    problems.push(`${what}: ${SUPPRESS_ANNOTATION} must be a string`);
    return undefined;
  }
  const names = raw
    .split(',')
    .map(name => name.trim())
    .filter(Boolean);
  if (names.length === 0) {
    problems.push(
      `${what}: ${SUPPRESS_ANNOTATION} names no rule (list rule ids, or "*")`,
    );
    return undefined;
  }
  let all = false;
  const rules = new Set<string>();
  for (const name of names) {
    if (name === '*') all = true;
    else if (isRuleId(name)) rules.add(name);
    else
      problems.push(
        `${what}: ${SUPPRESS_ANNOTATION} names unknown rule "${name}"`,
      );
  }
  if (!all && rules.size === 0) return undefined;
  const reason = asString(annotations?.[SUPPRESS_REASON_ANNOTATION])?.trim();
  return { rules: all ? '*' : rules, reason: reason || null };
}

interface ObjectAnnotations {
  kind: string;
  namespace: string;
  name: string;
  /** the object's own annotation, then its pod template's */
  found: AnnotationSuppression[];
  owner?: string;
}

/** The suppress annotations of one object (not a List), problems pushed. */
function readObject(
  object: Dict,
  problems: string[],
): ObjectAnnotations | undefined {
  const kind = asString(object.kind);
  const meta = asDict(object.metadata);
  const name = asString(meta?.name);
  if (!kind || !meta || !name) return undefined;
  const namespace =
    kind === 'Namespace' ? '' : asString(meta.namespace) || 'default';
  const what =
    kind === 'Namespace' ? `Namespace ${name}` : `${kind} ${namespace}/${name}`;
  const found: AnnotationSuppression[] = [];
  const own = readAnnotation(asDict(meta.annotations), what, problems);
  if (own) found.push(own);
  const templatePath = CONTROLLER_TEMPLATE[kind];
  if (templatePath) {
    const template = readAnnotation(
      at(object, [...templatePath, 'metadata', 'annotations']),
      `${what} (pod template)`,
      problems,
    );
    if (template) found.push(template);
  }
  if (found.length === 0) return undefined;
  // a ReplicaSet or Job speaks for the Deployment or CronJob that owns it
  const refs = asArray(meta.ownerReferences).map(asDict);
  const ref = refs.find(r => r?.controller === true) ?? refs[0];
  const owner =
    (kind === 'ReplicaSet' || kind === 'Job') && asString(ref?.name);
  return { kind, namespace, name, found, ...(owner && { owner }) };
}

/** Every object, `kind: *List` items included. */
function forEachObject(objects: readonly unknown[], visit: (o: Dict) => void) {
  const walk = (raw: unknown) => {
    const object = asDict(raw);
    if (!object) return;
    const kind = asString(object.kind);
    if (kind?.endsWith('List') && Array.isArray(object.items)) {
      object.items.forEach(walk);
      return;
    }
    visit(object);
  };
  objects.forEach(walk);
}

/**
 * Problems of one object's suppress annotations (and its pod template's):
 * unknown rule ids, an empty or non-string value. The CLI refuses such input
 * with the object's file and line; the engine reports them as warnings.
 * @public
 */
export function suppressionAnnotationProblems(object: unknown): string[] {
  const problems: string[] = [];
  forEachObject([object], o => readObject(o, problems));
  return problems;
}

/**
 * The annotation suppressions of the input objects. A Pod's annotation is
 * keyed by the workload it belongs to (the report's `workloads[*].pods`), a
 * controller's by its own `namespace/name` (and a ReplicaSet's or Job's also
 * by its owner's), any other object's by its own `namespace/name`.
 */
export function collectAnnotationSuppressions(
  objects: readonly unknown[],
  report: Pick<MeshReport, 'workloads'>,
): AnnotationSuppressions {
  const result: AnnotationSuppressions = {
    bySubject: new Map(),
    byNamespace: new Map(),
    problems: [],
  };
  let workloadOfPod: Map<string, string> | undefined;
  const podOwner = (key: string) => {
    if (!workloadOfPod) {
      workloadOfPod = new Map();
      for (const [workload, w] of Object.entries(report.workloads))
        for (const pod of w.pods)
          workloadOfPod.set(`${w.namespace}/${pod}`, workload);
    }
    return workloadOfPod.get(key);
  };
  const add = (key: string, kind: string, found: AnnotationSuppression[]) => {
    const list = result.bySubject.get(key) ?? [];
    list.push(...found.map(s => ({ ...s, kind })));
    result.bySubject.set(key, list);
  };

  forEachObject(objects, object => {
    const read = readObject(object, result.problems);
    if (!read) return;
    if (read.kind === 'Namespace') {
      const list = result.byNamespace.get(read.name) ?? [];
      list.push(...read.found);
      result.byNamespace.set(read.name, list);
      return;
    }
    const key = `${read.namespace}/${read.name}`;
    const kind = subjectKindOfObject(read.kind);
    if (read.kind === 'Pod') {
      add(podOwner(key) ?? key, kind, read.found);
      return;
    }
    add(key, kind, read.found);
    if (read.owner && WORKLOAD_KINDS.has(read.kind))
      add(`${read.namespace}/${read.owner}`, kind, read.found);
  });
  return result;
}
