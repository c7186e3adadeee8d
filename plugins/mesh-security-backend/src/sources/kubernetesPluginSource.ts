import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type {
  KubeObject,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';
import type { ClusterObjectSource, ClusterRead, ListRead } from './types';
import { mapWithConcurrency } from './concurrency';
import { describeError, isTimeout, truncate } from './errors';
import { KUBERNETES_LISTS, KubernetesList, listPath } from './kubernetesKinds';
import { Redactor } from './redact';

/**
 * Options of {@link KubernetesPluginSource}.
 * @public
 */
export interface KubernetesPluginSourceOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
  /** read only these clusters (names as the Kubernetes plugin knows them); default: every cluster it lists */
  clusters?: string[];
  /** `limit` of each list page (default 500) */
  pageSize?: number;
  /** clusters read at the same time (default 4) */
  clusterConcurrency?: number;
  /** lists of one cluster in flight at the same time (default 3) */
  listConcurrency?: number;
  /** timeout of each HTTP request in milliseconds (default 30000) */
  timeoutMs?: number;
  /** how often a list whose `continue` token expired (410 Gone) is restarted (default 3) */
  maxListRestarts?: number;
  /** clock for `lastSuccessAt` (tests) */
  clock?: () => Date;
  /** cuts configured secrets out of remote text; the plugin token of each read is added to it */
  redactor?: Redactor;
}

/** The Kubernetes plugin's proxy header that selects the cluster. */
const CLUSTER_HEADER = 'Backstage-Kubernetes-Cluster';
/** Annotation that duplicates the whole spec; dropped to keep the in-memory store small. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

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

/**
 * Cluster objects read through the installed Backstage `kubernetes` backend
 * plugin (its `/clusters` and `/proxy` routes, with a plugin token), so the
 * cluster configuration and credentials stay in one place. Every list is
 * cluster-wide and paged. One {@link ClusterRead} per cluster:
 * - `ok`: everything was read;
 * - `partial`: some lists are not installed (404) or could not be read in
 *   full (403, timeout, cut short, a server error), named in `warnings` and
 *   in `lists`; the refresh decides what stands in for a failed one;
 * - `error`: the cluster could not be read (network, 401, the plugin
 *   refused, a workload list failed, or nothing at all was readable) — no
 *   objects, never an empty "all clear".
 * @public
 */
export class KubernetesPluginSource implements ClusterObjectSource {
  readonly name = 'kubernetes';
  private readonly options: Required<
    Omit<KubernetesPluginSourceOptions, 'clusters' | 'redactor'>
  > & { clusters?: string[] };
  private readonly redactor: Redactor;
  private readonly lastSuccess = new Map<string, string>();
  /** clusters of the last successful `/clusters` call, reported as errors if the next one fails */
  private knownClusters: string[] = [];

  /**
   * Reads `clusters` (string array, optional) and `pageSize` (optional) from
   * the given config block (e.g. `meshSecurity.kubernetes`), which may be undefined.
   */
  static fromConfig(
    config: Config | undefined,
    deps: Pick<
      KubernetesPluginSourceOptions,
      'discovery' | 'auth' | 'logger' | 'redactor'
    >,
  ): KubernetesPluginSource {
    return new KubernetesPluginSource({
      ...deps,
      clusters: config?.getOptionalStringArray('clusters'),
      pageSize: config?.getOptionalNumber('pageSize'),
    });
  }

  constructor(options: KubernetesPluginSourceOptions) {
    // `??` per field: an explicit `undefined` (an unset config key) keeps the default
    this.options = {
      ...options,
      pageSize: options.pageSize ?? 500,
      clusterConcurrency: options.clusterConcurrency ?? 4,
      listConcurrency: options.listConcurrency ?? 3,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxListRestarts: options.maxListRestarts ?? 3,
      clock: options.clock ?? (() => new Date()),
    };
    this.redactor = options.redactor ?? Redactor.create();
    if (!(this.options.pageSize >= 1)) {
      throw new Error(`Invalid Kubernetes pageSize ${options.pageSize}`);
    }
  }

  async read(): Promise<ClusterRead[]> {
    let base: string;
    let token = '';
    let listed: string[];
    try {
      ({ base, token } = await this.connect());
      listed = await this.listClusters(base, token);
    } catch (error) {
      const message = this.redactor
        .with({ tokens: [token] })
        .redact(`Kubernetes plugin: ${describeError(error)}`);
      this.options.logger.warn(`Cannot list clusters: ${message}`);
      const names = this.options.clusters ?? this.knownClusters;
      return (names.length > 0 ? names : ['*']).map(name =>
        this.failed(name, message),
      );
    }
    this.knownClusters = listed;

    const allow = this.options.clusters;
    const names = allow ? listed.filter(n => allow.includes(n)) : listed;
    const missing = (allow ?? [])
      .filter(n => !listed.includes(n))
      .map(n =>
        this.failed(n, 'cluster is not configured in the Kubernetes plugin'),
      );
    if (listed.length === 0) {
      this.options.logger.warn(
        'The Kubernetes plugin lists no clusters; nothing to read',
      );
    }

    const redactor = this.redactor.with({ tokens: [token] });
    const reads = await mapWithConcurrency(
      names,
      this.options.clusterConcurrency,
      name => this.readCluster(base, token, name, redactor),
    );
    return [...reads, ...missing];
  }

  private async connect(): Promise<{ base: string; token: string }> {
    const { auth, discovery } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'kubernetes',
    });
    const base = await discovery.getBaseUrl('kubernetes');
    return { base, token };
  }

  private async listClusters(base: string, token: string): Promise<string[]> {
    const response = await this.get(`${base}/clusters`, token);
    const text = await response.text();
    if (!response.ok) {
      throw new Error(
        `GET /clusters: ${httpProblem(
          response,
          text,
          this.redactor.with({ tokens: [token] }),
        )}`,
      );
    }
    const body = parseJson(text) as { items?: Array<{ name?: unknown }> };
    if (!body || !Array.isArray(body.items)) {
      throw new Error('GET /clusters: unexpected response');
    }
    return body.items
      .map(item => item?.name)
      .filter((name): name is string => typeof name === 'string' && !!name);
  }

  private async readCluster(
    base: string,
    token: string,
    cluster: string,
    redactor: Redactor,
  ): Promise<ClusterRead> {
    try {
      const outcomes = await mapWithConcurrency(
        KUBERNETES_LISTS,
        this.options.listConcurrency,
        list => this.readList(base, token, cluster, list, redactor),
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
        throw new ClusterReadFailure(
          `nothing readable: ${warnings.join('; ')}`,
        );
      }
      if (blocking.length > 0) {
        // without its workloads a cluster reads as if they did not exist
        throw new ClusterReadFailure(
          `cannot evaluate the cluster without ${blocking.join('; ')}`,
        );
      }
      const now = this.options.clock().toISOString();
      this.lastSuccess.set(cluster, now);
      const status: SourceStatus = {
        name: `kubernetes:${cluster}`,
        kind: 'kubernetes',
        state: warnings.length > 0 ? 'partial' : 'ok',
        lastSuccessAt: now,
      };
      if (warnings.length > 0) status.warnings = warnings;
      return { cluster, objects, status, lists };
    } catch (error) {
      const message = redactor.redact(describeError(error));
      this.options.logger.warn(
        `Cannot read cluster ${cluster} through the Kubernetes plugin: ${message}`,
      );
      return this.failed(cluster, message);
    }
  }

  /** One kind, all pages, trying each API version in turn. */
  private async readList(
    base: string,
    token: string,
    cluster: string,
    list: KubernetesList,
    redactor: Redactor,
  ): Promise<ListOutcome> {
    let outcome: ListOutcome | undefined;
    for (const apiVersion of list.apiVersions) {
      outcome = await this.readPages(
        base,
        token,
        cluster,
        list,
        apiVersion,
        redactor,
      );
      if (!('notServed' in outcome)) return outcome;
    }
    return outcome!;
  }

  private async readPages(
    base: string,
    token: string,
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
          limit: String(this.options.pageSize),
        });
        if (cont) query.set('continue', cont);
        let response: Response;
        let text: string;
        try {
          response = await this.get(
            `${base}/proxy${path}?${query}`,
            token,
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
        objects.push(
          ...page.items.flatMap(item => toObject(item, page, list, apiVersion)),
        );
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
      if (restarts >= this.options.maxListRestarts) {
        return {
          failed: `GET ${path}: list expired (410 Gone) ${
            restarts + 1
          } times while paging`,
        };
      }
    }
  }

  private get(url: string, token: string, cluster?: string) {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${token}`,
    };
    if (cluster !== undefined) headers[CLUSTER_HEADER] = cluster;
    return fetch(url, {
      headers,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
  }

  private failed(cluster: string, message: string): ClusterRead {
    const status: SourceStatus = {
      name: cluster === '*' ? 'kubernetes' : `kubernetes:${cluster}`,
      kind: 'kubernetes',
      state: 'error',
      message,
    };
    const last = this.lastSuccess.get(cluster);
    if (last) status.lastSuccessAt = last;
    return { cluster, objects: [], status };
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

/** List items carry no kind/apiVersion: restore them from the list, and drop bulky fields the engine never reads. */
function toObject(
  item: unknown,
  page: ListPage,
  list: KubernetesList,
  apiVersion: string,
): KubeObject[] {
  const object = item as KubeObject;
  if (!object || typeof object.metadata?.name !== 'string') return [];
  // `PodList` → `Pod`; a generic `List` names no kind, so fall back to ours.
  const listed = page.kind?.endsWith('List') ? page.kind.slice(0, -4) : '';
  const kind = object.kind ?? (listed || list.kind);
  const metadata = { ...object.metadata } as KubeObject['metadata'] & {
    managedFields?: unknown;
  };
  delete metadata.managedFields;
  if (metadata.annotations?.[LAST_APPLIED] !== undefined) {
    const { [LAST_APPLIED]: _dropped, ...annotations } = metadata.annotations;
    metadata.annotations = annotations;
  }
  return [
    {
      ...object,
      kind,
      apiVersion: object.apiVersion ?? page.apiVersion ?? apiVersion,
      metadata,
    },
  ];
}
