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
import type { ClusterObjectSource, ClusterRead } from './types';
import { mapWithConcurrency } from './concurrency';
import { describeError, truncate } from './errors';
import { KUBERNETES_LISTS, KubernetesList, listPath } from './kubernetesKinds';

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
}

/** The Kubernetes plugin's proxy header that selects the cluster. */
const CLUSTER_HEADER = 'Backstage-Kubernetes-Cluster';
/** Annotation that duplicates the whole spec; dropped to keep the in-memory store small. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The whole cluster read fails: network, 5xx, 401, or the Kubernetes plugin refusing. */
class ClusterReadFailure extends Error {}

type ListOutcome =
  | { objects: KubeObject[] }
  | { warning: string; notServed: boolean };

interface ListPage {
  kind?: string;
  apiVersion?: string;
  metadata?: { continue?: string };
  items: unknown[];
}

/**
 * Cluster objects read through the installed Backstage `kubernetes` backend
 * plugin (its `/clusters` and `/proxy` routes, with a plugin token), so the
 * cluster configuration and credentials stay in one place. Every list is
 * cluster-wide and paged. One {@link ClusterRead} per cluster:
 * - `ok`: everything was read;
 * - `partial`: some kinds were forbidden (403) or are not installed (404),
 *   named in `warnings`;
 * - `error`: the cluster could not be read (network, 5xx, 401, the plugin
 *   refused, or nothing at all was readable) — no objects, never an empty
 *   "all clear".
 * @public
 */
export class KubernetesPluginSource implements ClusterObjectSource {
  readonly name = 'kubernetes';
  private readonly options: Required<
    Omit<KubernetesPluginSourceOptions, 'clusters'>
  > & { clusters?: string[] };
  private readonly lastSuccess = new Map<string, string>();
  /** clusters of the last successful `/clusters` call, reported as errors if the next one fails */
  private knownClusters: string[] = [];

  /**
   * Reads `clusters` (string array, optional) and `pageSize` (optional) from
   * the given config block (e.g. `meshSecurity.kubernetes`), which may be undefined.
   */
  static fromConfig(
    config: Config | undefined,
    deps: Pick<KubernetesPluginSourceOptions, 'discovery' | 'auth' | 'logger'>,
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
    if (!(this.options.pageSize >= 1)) {
      throw new Error(`Invalid Kubernetes pageSize ${options.pageSize}`);
    }
  }

  async read(): Promise<ClusterRead[]> {
    let base: string;
    let token: string;
    let listed: string[];
    try {
      ({ base, token } = await this.connect());
      listed = await this.listClusters(base, token);
    } catch (error) {
      const message = `Kubernetes plugin: ${describeError(error)}`;
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

    const reads = await mapWithConcurrency(
      names,
      this.options.clusterConcurrency,
      name => this.readCluster(base, token, name),
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
      throw new Error(`GET /clusters: ${httpProblem(response, text)}`);
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
  ): Promise<ClusterRead> {
    try {
      const outcomes = await mapWithConcurrency(
        KUBERNETES_LISTS,
        this.options.listConcurrency,
        list => this.readList(base, token, cluster, list),
      );
      const objects: KubeObject[] = [];
      const warnings: string[] = [];
      for (const outcome of outcomes) {
        if ('warning' in outcome) warnings.push(outcome.warning);
        else objects.push(...outcome.objects);
      }
      if (warnings.length === KUBERNETES_LISTS.length) {
        throw new ClusterReadFailure(
          `nothing readable: ${warnings.join('; ')}`,
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
      return { cluster, objects, status };
    } catch (error) {
      const message = describeError(error);
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
  ): Promise<ListOutcome> {
    let outcome: ListOutcome | undefined;
    for (const apiVersion of list.apiVersions) {
      outcome = await this.readPages(base, token, cluster, list, apiVersion);
      if (!('notServed' in outcome && outcome.notServed)) return outcome;
    }
    return outcome!;
  }

  private async readPages(
    base: string,
    token: string,
    cluster: string,
    list: KubernetesList,
    apiVersion: string,
  ): Promise<ListOutcome> {
    const path = listPath(list, apiVersion);
    for (let restarts = 0; ; restarts++) {
      const objects: KubeObject[] = [];
      let cont: string | undefined;
      let expired = false;
      do {
        const query = new URLSearchParams({
          ...list.query,
          limit: String(this.options.pageSize),
        });
        if (cont) query.set('continue', cont);
        const response = await this.get(
          `${base}/proxy${path}?${query}`,
          token,
          cluster,
        );
        const text = await response.text();
        if (response.status === 410) {
          expired = true;
          break;
        }
        if (!response.ok) {
          return failedList(list, path, response, text);
        }
        const page = parseJson(text) as ListPage | undefined;
        if (!page || !Array.isArray(page.items)) {
          throw new ClusterReadFailure(`GET ${path}: unexpected response`);
        }
        objects.push(
          ...page.items.flatMap(item => toObject(item, page, list, apiVersion)),
        );
        cont = page.metadata?.continue || undefined;
      } while (cont);
      if (!expired) return { objects };
      if (restarts >= this.options.maxListRestarts) {
        throw new ClusterReadFailure(
          `GET ${path}: list expired (410 Gone) ${
            restarts + 1
          } times while paging`,
        );
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
 * A kind the cluster does not serve (404) or we may not read (403) is a
 * warning; anything else means the cluster read cannot be trusted.
 */
function failedList(
  list: KubernetesList,
  path: string,
  response: Response,
  text: string,
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
      }${body.error.message ? `: ${truncate(body.error.message)}` : ''}`,
    );
  }
  if (response.status === 403) {
    return { warning: `${list.label}: forbidden (403)`, notServed: false };
  }
  if (response.status === 404) {
    return { warning: `${list.label}: not found (404)`, notServed: true };
  }
  throw new ClusterReadFailure(`GET ${path}: ${httpProblem(response, text)}`);
}

function httpProblem(response: Response, text: string): string {
  const body = parseJson(text) as
    | { message?: unknown; error?: { message?: unknown } }
    | undefined;
  const message = body?.message ?? body?.error?.message;
  return `HTTP ${response.status}${
    response.statusText ? ` ${response.statusText}` : ''
  }${typeof message === 'string' ? `: ${truncate(message)}` : ''}`;
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
