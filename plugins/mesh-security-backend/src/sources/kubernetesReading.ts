/**
 * Reading one cluster through the Kubernetes plugin's proxy: no Backstage
 * services, only `fetch` and a plain {@link KubernetesReadPlan}, so the same
 * code runs in the refresh worker thread (the main thread never holds a
 * cluster's objects) and in-process (tests, custom set-ups).
 */
import type {
  KubeObject,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';
import { mapWithConcurrency } from '@mesh-security/plugin-mesh-security-common';
import { reduceObject } from '@mesh-security/mesh-security-engine';
import type { ClusterRead, ListRead } from './types';
import { describeError, isTimeout, truncate } from './errors';
import { KUBERNETES_LISTS, KubernetesList, listPath } from './kubernetesKinds';
import type { ConfiguredSecrets, Redactor } from './redact';

/** How lists are read; plain data, cloned to the worker. */
export interface KubernetesReadSettings {
  /** `limit` of each list page */
  pageSize: number;
  /** lists of one cluster in flight at the same time */
  listConcurrency: number;
  /** timeout of each HTTP request in milliseconds */
  timeoutMs: number;
  /** how often a list whose `continue` token expired (410 Gone) is restarted */
  maxListRestarts: number;
}

/** Everything a reader needs, resolved on the main thread. Holds the plugin token: never logged. */
export interface KubernetesReadPlan extends KubernetesReadSettings {
  /** base URL of the Kubernetes plugin */
  base: string;
  token: string;
  /** clusters to read, in this order */
  clusters: string[];
  /** clusters read at the same time */
  clusterConcurrency: number;
  /** secrets to cut out of remote text, the token included */
  secrets: ConfiguredSecrets;
  /** per cluster: its last successful read (ISO), for the status of a failed one */
  lastSuccess: Record<string, string>;
}

/** The Kubernetes plugin's proxy header that selects the cluster. */
const CLUSTER_HEADER = 'Backstage-Kubernetes-Cluster';

/** The whole cluster read fails: network, 401, or the Kubernetes plugin refusing. */
class ClusterReadFailure extends Error {}

/**
 * One list: read in full, not served by the cluster (404: no such objects
 * can exist), or failed (forbidden, timed out, cut short, a server error):
 * then its objects are unknown, never none.
 */
type ListOutcome =
  | { objects: KubeObject[] }
  | { notServed: string }
  | { failed: string };

interface ListPage {
  kind?: string;
  apiVersion?: string;
  metadata?: { continue?: string; remainingItemCount?: number };
  items: unknown[];
}

/** An error read of `cluster` (`*`: the cluster list itself). */
export function failedRead(
  cluster: string,
  message: string,
  lastSuccessAt?: string,
): ClusterRead {
  const status: SourceStatus = {
    name: cluster === '*' ? 'kubernetes' : `kubernetes:${cluster}`,
    kind: 'kubernetes',
    state: 'error',
    message,
  };
  if (lastSuccessAt) status.lastSuccessAt = lastSuccessAt;
  return { cluster, objects: [], status };
}

export function kubernetesGet(
  url: string,
  token: string,
  timeoutMs: number,
  cluster?: string,
): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    // the proxy is in this backend: compressing pages only to inflate them costs its event loop twice
    'Accept-Encoding': 'identity',
    Authorization: `Bearer ${token}`,
  };
  if (cluster !== undefined) headers[CLUSTER_HEADER] = cluster;
  return fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
}

/** Names of the clusters the Kubernetes plugin knows (its `/clusters`); throws with the reason. */
export async function listClusters(
  base: string,
  token: string,
  timeoutMs: number,
  redactor: Redactor,
): Promise<string[]> {
  const response = await kubernetesGet(`${base}/clusters`, token, timeoutMs);
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`GET /clusters: ${httpProblem(response, text, redactor)}`);
  }
  const body = parseJson(text) as { items?: Array<{ name?: unknown }> };
  if (!body || !Array.isArray(body.items)) {
    throw new Error('GET /clusters: unexpected response');
  }
  return body.items
    .map(item => item?.name)
    .filter((name): name is string => typeof name === 'string' && !!name);
}

/**
 * Every list of one cluster. Never throws: a cluster that cannot be read is
 * an `error` read whose message went through `redactor`.
 */
export async function readCluster(
  plan: KubernetesReadPlan,
  cluster: string,
  redactor: Redactor,
  clock: () => Date,
): Promise<ClusterRead> {
  try {
    const outcomes = await mapWithConcurrency(
      KUBERNETES_LISTS,
      plan.listConcurrency,
      list => readList(plan, cluster, list, redactor),
    );
    const objects: KubeObject[] = [];
    const warnings: string[] = [];
    const lists: ListRead[] = [];
    const blocking: string[] = [];
    outcomes.forEach((outcome, i) => {
      const { label, keepLastGood } = KUBERNETES_LISTS[i];
      if ('objects' in outcome) {
        objects.push(...outcome.objects);
        lists.push({ list: label, keepLastGood, objects: outcome.objects });
      } else if ('notServed' in outcome) {
        warnings.push(`${label}: ${outcome.notServed}`);
        lists.push({ list: label, keepLastGood, objects: [] });
      } else {
        warnings.push(`${label}: ${outcome.failed}`);
        lists.push({ list: label, keepLastGood, failed: outcome.failed });
        if (!keepLastGood) blocking.push(`${label}: ${outcome.failed}`);
      }
    });
    if (!outcomes.some(o => 'objects' in o)) {
      throw new ClusterReadFailure(`nothing readable: ${warnings.join('; ')}`);
    }
    if (blocking.length > 0) {
      // without its workloads a cluster reads as if they did not exist
      throw new ClusterReadFailure(
        `cannot evaluate the cluster without ${blocking.join('; ')}`,
      );
    }
    const status: SourceStatus = {
      name: `kubernetes:${cluster}`,
      kind: 'kubernetes',
      state: warnings.length > 0 ? 'partial' : 'ok',
      lastSuccessAt: clock().toISOString(),
    };
    if (warnings.length > 0) status.warnings = warnings;
    return { cluster, objects, status, lists };
  } catch (error) {
    return failedRead(
      cluster,
      redactor.redact(describeError(error)),
      plan.lastSuccess[cluster],
    );
  }
}

/** One kind, all pages, trying each API version in turn. */
async function readList(
  plan: KubernetesReadPlan,
  cluster: string,
  list: KubernetesList,
  redactor: Redactor,
): Promise<ListOutcome> {
  let outcome: ListOutcome | undefined;
  for (const apiVersion of list.apiVersions) {
    outcome = await readPages(plan, cluster, list, apiVersion, redactor);
    if (!('notServed' in outcome)) return outcome;
  }
  return outcome!;
}

async function readPages(
  plan: KubernetesReadPlan,
  cluster: string,
  list: KubernetesList,
  apiVersion: string,
  redactor: Redactor,
): Promise<ListOutcome> {
  const path = listPath(list, apiVersion);
  for (let restarts = 0; ; restarts++) {
    const objects: KubeObject[] = [];
    const seen = new Set<string>();
    let cont: string | undefined;
    let expired = false;
    do {
      const query = new URLSearchParams({
        ...list.query,
        limit: String(plan.pageSize),
      });
      if (cont) query.set('continue', cont);
      let response: Response;
      let text: string;
      try {
        response = await kubernetesGet(
          `${plan.base}/proxy${path}?${query}`,
          plan.token,
          plan.timeoutMs,
          cluster,
        );
        text = await response.text();
      } catch (error) {
        // a slow list is this list's problem; an unreachable plugin is everyone's
        if (isTimeout(error)) {
          return { failed: `GET ${path}: timed out${pageOf(cont)}` };
        }
        throw error;
      }
      if (response.status === 410) {
        expired = true;
        break;
      }
      if (!response.ok) {
        return failedList(path, response, text, cont, redactor);
      }
      const page = parseJson(text) as ListPage | undefined;
      if (!page || !Array.isArray(page.items)) {
        return { failed: `GET ${path}: unexpected response${pageOf(cont)}` };
      }
      for (const item of page.items) {
        const object = toObject(item, page, list, apiVersion);
        if (object) objects.push(object);
      }
      cont = page.metadata?.continue || undefined;
      const remaining = Number(page.metadata?.remainingItemCount ?? 0);
      if (!cont && remaining > 0) {
        return {
          failed: `GET ${path}: list cut short (${remaining} more items, no continue token)`,
        };
      }
      if (cont !== undefined) {
        if (seen.has(cont)) {
          return {
            failed: `GET ${path}: list cut short (a continue token came back twice)`,
          };
        }
        seen.add(cont);
      }
    } while (cont);
    if (!expired) return { objects };
    if (restarts >= plan.maxListRestarts) {
      return {
        failed: `GET ${path}: list expired (410 Gone) ${
          restarts + 1
        } times while paging`,
      };
    }
  }
}

/**
 * A kind the cluster does not serve (404 on the first page) is simply not
 * there; one we may not read (403), a server error or a page that fails is a
 * failed list; a 401 or an error of the Kubernetes plugin itself means the
 * cluster read cannot be trusted at all.
 */
function failedList(
  path: string,
  response: Response,
  text: string,
  cont: string | undefined,
  redactor: Redactor,
): ListOutcome {
  const body = parseJson(text) as
    | { error?: { name?: string; message?: string } }
    | undefined;
  // Errors of the Kubernetes plugin itself (permission denied, unknown cluster,
  // proxy failure) carry a Backstage error body; those are not about one kind.
  if (body?.error?.name) {
    throw new ClusterReadFailure(
      `Kubernetes plugin refused GET ${path}: HTTP ${response.status} ${
        body.error.name
      }${
        body.error.message
          ? `: ${truncate(redactor.redact(body.error.message))}`
          : ''
      }`,
    );
  }
  if (response.status === 401) {
    throw new ClusterReadFailure(
      `GET ${path}: ${httpProblem(response, text, redactor)}`,
    );
  }
  if (response.status === 403) {
    return { failed: `forbidden (403)${pageOf(cont)}` };
  }
  if (response.status === 404 && !cont) {
    return { notServed: 'not found (404)' };
  }
  return {
    failed: `GET ${path}: ${httpProblem(response, text, redactor)}${pageOf(
      cont,
    )}`,
  };
}

/** Names a failure past the first page: the list was cut short, not refused. */
function pageOf(cont: string | undefined): string {
  return cont ? ' while paging' : '';
}

function httpProblem(
  response: Response,
  text: string,
  redactor: Redactor,
): string {
  const body = parseJson(text) as
    | { message?: unknown; error?: { message?: unknown } }
    | undefined;
  const message = body?.message ?? body?.error?.message;
  return `HTTP ${response.status}${
    response.statusText ? ` ${response.statusText}` : ''
  }${
    typeof message === 'string' ? `: ${truncate(redactor.redact(message))}` : ''
  }`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * List items carry no kind/apiVersion: restore them from the list. Only what
 * the engine reads is kept (no managed fields, last-applied copy or status
 * but a Pod's phase and a Job's conditions): real objects carry several
 * times that, and a read holds every object of a cluster.
 */
function toObject(
  item: unknown,
  page: ListPage,
  list: KubernetesList,
  apiVersion: string,
): KubeObject | undefined {
  const object = item as KubeObject;
  if (!object || typeof object.metadata?.name !== 'string') return undefined;
  // `PodList` → `Pod`; a generic `List` names no kind, so fall back to ours.
  const listed = page.kind?.endsWith('List') ? page.kind.slice(0, -4) : '';
  return reduceObject({
    ...object,
    kind: object.kind ?? (listed || list.kind),
    apiVersion: object.apiVersion ?? page.apiVersion ?? apiVersion,
  });
}
