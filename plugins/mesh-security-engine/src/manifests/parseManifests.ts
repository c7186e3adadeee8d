import { constants } from 'node:buffer';
import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import { ManifestError } from './ManifestError';
import { MAX_MANIFEST_BYTES, MAX_MANIFEST_DEPTH } from './limits';
import { formatPath, isPlainObject } from './document';
import type { SourceDocument, ValuePath } from './document';
import { parseJsonDocument } from './jsonDocument';
import { openJsonListBytes } from './jsonBytesDocument';
import type { JsonListBytes } from './jsonBytesDocument';
import { reduceObject } from './reduceObjects';
import { parseYamlDocuments } from './yamlDocuments';
import { findTooDeep } from './depth';
import { checkObjectShape } from './objectShape';
import { checkIstioEnums } from './istioEnums';
import type { ObjectIssue } from './istioEnums';
import { checkSelector } from './selectorShape';
import { sizeLimitReason } from './sizeLimit';

/** One object read from a manifest, with where it came from. @public */
export interface ManifestEntry {
  object: KubeObject;
  file: string;
  /** 1-based line where the object starts */
  line: number;
}

/** Options of {@link parseManifests}. @public */
export interface ParseManifestsOptions {
  /** largest accepted text in UTF-8 bytes (default {@link MAX_MANIFEST_BYTES}) */
  maxBytes?: number;
  /**
   * keep of each object only what the engine reads ({@link reduceObject}),
   * right after it is read and checked: a cluster dump's items then never
   * all exist in full at once
   */
  reduce?: boolean;
}

/**
 * Kubernetes objects in a manifest text: multi-document YAML, JSON, `kind: List`
 * and typed lists (`PodList`, …) as `kubectl get -o yaml|json` prints them.
 * Empty documents are skipped; unknown kinds pass through.
 * @throws ManifestError with file and line on anything unreadable or invalid
 * @public
 */
export function parseManifests(
  text: string,
  file: string,
  options?: ParseManifestsOptions,
): KubeObject[] {
  return parseManifestEntries(text, file, options).map(entry => entry.object);
}

/**
 * {@link parseManifests} keeping each object's file and line (for SARIF
 * locations). Takes the text or the file's UTF-8 bytes: bytes let a large
 * JSON List be read item by item, without a text as large as the file.
 * @public
 */
export function parseManifestEntries(
  source: string | Uint8Array,
  file: string,
  options: ParseManifestsOptions = {},
): ManifestEntry[] {
  const maxBytes = options.maxBytes ?? MAX_MANIFEST_BYTES;
  const bytes = byteLength(source, maxBytes);
  if (bytes > maxBytes)
    throw new ManifestError(file, 1, sizeLimitReason(bytes, maxBytes));
  const reduce = options.reduce ? reduceObject : undefined;
  const list =
    typeof source === 'string' ? undefined : openJsonListBytes(source);
  let documents: SourceDocument[] | undefined;
  if (list && isList(list.envelope)) {
    const listed = readListItems(list, file, reduce);
    if (listed) return listed;
  } else if (list) documents = listDocument(list);
  documents ??= readText(source, file);

  const entries: ManifestEntry[] = [];
  for (const document of documents) {
    if (document.value === null || document.value === undefined) continue;
    // JSON was checked while scanning the text
    const tooDeep = document.depthChecked
      ? undefined
      : findTooDeep(document.value);
    if (tooDeep)
      fail(
        file,
        document,
        tooDeep,
        `nesting deeper than ${MAX_MANIFEST_DEPTH} levels`,
      );
    collect(document.value, [], document, file, entries, reduce);
  }
  return entries;
}

/**
 * The items of a JSON List read from bytes, each parsed, checked and reduced
 * before the next is parsed. Undefined when an item is not valid JSON: the
 * text is then read the slow way, which words the error with its line; so an
 * invalid item is only reported once every item has parsed, as before.
 */
function readListItems(
  list: JsonListBytes,
  file: string,
  reduce: Reduce | undefined,
): ManifestEntry[] | undefined {
  const document = list.document([]);
  const entries: ManifestEntry[] = [];
  let invalid: unknown;
  for (let k = 0; k < list.itemCount; k++) {
    let item: unknown;
    try {
      item = list.parseItem(k);
    } catch {
      return undefined;
    }
    if (invalid) continue;
    try {
      inheritListType(list.envelope, item);
      collect(item, ['items', k], document, file, entries, reduce);
    } catch (error) {
      invalid = error;
    }
  }
  if (invalid) throw invalid;
  return entries;
}

/** A List whose root is not a `*List` kind: one document, all items parsed. */
function listDocument(list: JsonListBytes): SourceDocument[] | undefined {
  const items: unknown[] = new Array(list.itemCount);
  try {
    for (let k = 0; k < items.length; k++) items[k] = list.parseItem(k);
  } catch {
    return undefined;
  }
  return [list.document(items)];
}

function collect(
  value: unknown,
  path: ValuePath,
  document: SourceDocument,
  file: string,
  out: ManifestEntry[],
  reduce?: Reduce,
): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      collect(value[i], [...path, i], document, file, out, reduce);
    return;
  }
  if (!isPlainObject(value)) {
    const what = value === null ? 'null' : `a ${typeof value}`;
    const where = path.length ? formatPath(path) : 'document';
    fail(file, document, path, `${where} is ${what}, not a Kubernetes object`);
  }
  if (isList(value)) {
    const items = value.items;
    if (items === undefined || items === null) return;
    if (!Array.isArray(items))
      fail(
        file,
        document,
        [...path, 'items'],
        `${value.kind}.items must be a list`,
      );
    for (let i = 0; i < items.length; i++) {
      inheritListType(value, items[i]);
      collect(items[i], [...path, 'items', i], document, file, out, reduce);
    }
    return;
  }
  const issue: ObjectIssue | undefined =
    checkObjectShape(value) ??
    checkIstioEnums(value.kind as string, value.spec) ??
    checkSelector(value);
  if (issue)
    fail(
      file,
      document,
      [...path, ...issue.path],
      withSubject(value, issue.reason),
    );
  const object = value as unknown as KubeObject;
  out.push({
    object: reduce ? reduce(object) : object,
    file,
    line: document.lineOf(path) ?? document.line,
  });
}

type Reduce = (object: KubeObject) => KubeObject;

function isList(value: Record<string, unknown>): boolean {
  const kind = value.kind;
  return (
    typeof kind === 'string' &&
    (kind === 'List' || (kind.endsWith('List') && 'items' in value))
  );
}

/** Items of a typed list (`PodList` from the API) carry no kind/apiVersion of their own. */
function inheritListType(list: Record<string, unknown>, item: unknown): void {
  if (!isPlainObject(item) || list.kind === 'List') return;
  if (item.kind === undefined)
    item.kind = (list.kind as string).slice(0, -'List'.length);
  if (item.apiVersion === undefined && list.apiVersion !== undefined)
    item.apiVersion = list.apiVersion;
}

function withSubject(object: Record<string, unknown>, reason: string): string {
  const metadata = isPlainObject(object.metadata) ? object.metadata : {};
  if (typeof object.kind !== 'string' || typeof metadata.name !== 'string')
    return reason;
  const namespace =
    typeof metadata.namespace === 'string' ? `${metadata.namespace}/` : '';
  return `${object.kind} ${namespace}${metadata.name}: ${reason}`;
}

function fail(
  file: string,
  document: SourceDocument,
  path: ValuePath,
  reason: string,
): never {
  throw new ManifestError(file, locate(document, path), reason);
}

/** The line of the deepest locatable prefix of `path`. */
function locate(document: SourceDocument, path: ValuePath): number {
  for (let n = path.length; n >= 0; n--) {
    const line = document.lineOf(path.slice(0, n));
    if (line !== undefined) return line;
  }
  return document.line;
}

/** Cheap bound first for a text: characters never outnumber UTF-8 bytes. */
function byteLength(source: string | Uint8Array, maxBytes: number): number {
  if (typeof source !== 'string') return source.length;
  return source.length > maxBytes
    ? source.length
    : Buffer.byteLength(source, 'utf8');
}

/** Anything but a JSON List read from bytes: decoded and read as one text. */
function readText(source: string | Uint8Array, file: string): SourceDocument[] {
  const text = typeof source === 'string' ? source : decode(source, file);
  const json = looksLikeJson(text) ? parseJsonDocument(text, file) : undefined;
  return json ? [json] : parseYamlDocuments(text, file);
}

function decode(bytes: Uint8Array, file: string): string {
  try {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString(
      'utf8',
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STRING_TOO_LONG')
      throw error;
    throw new ManifestError(
      file,
      1,
      `file is larger than the longest text Node.js can hold (${Math.floor(
        constants.MAX_STRING_LENGTH / (1024 * 1024),
      )} MiB) and not a JSON List that can be read item by item`,
    );
  }
}

function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') return true;
    if (!/[\s\uFEFF]/.test(c)) return false;
  }
  return false;
}
