import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { mapWithConcurrency } from '@mesh-security/plugin-mesh-security-common';
import type { ClusterObjectSource, ClusterRead } from './types';
import { describeError } from './errors';
import {
  failedRead,
  KubernetesReadPlan,
  listClusters,
  readCluster,
} from './kubernetesReading';
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

  /** Reads every cluster on this thread. */
  async read(): Promise<ClusterRead[]> {
    const { settled, plan } = await this.plan();
    if (!plan) return settled;
    const redactor = Redactor.create(plan.secrets);
    const reads = await mapWithConcurrency(
      plan.clusters,
      plan.clusterConcurrency,
      name => readCluster(plan, name, redactor, this.options.clock),
    );
    this.settle(reads);
    return [...reads, ...settled];
  }

  /**
   * What needs the Backstage services, done here: the plugin token, the
   * plugin's URL and its cluster list. Returns the reads already settled
   * (the cluster list failed, clusters it does not know) and a plain plan of
   * the rest, for {@link readCluster} here or in the refresh worker; hand
   * what came of it to {@link KubernetesPluginSource.settle}.
   */
  async plan(): Promise<{ settled: ClusterRead[]; plan?: KubernetesReadPlan }> {
    let base: string;
    let token = '';
    let listed: string[];
    try {
      ({ base, token } = await this.connect());
      listed = await listClusters(
        base,
        token,
        this.options.timeoutMs,
        this.redactor.with({ tokens: [token] }),
      );
    } catch (error) {
      const message = this.redactor
        .with({ tokens: [token] })
        .redact(`Kubernetes plugin: ${describeError(error)}`);
      this.options.logger.warn(`Cannot list clusters: ${message}`);
      const names = this.options.clusters ?? this.knownClusters;
      return {
        settled: (names.length > 0 ? names : ['*']).map(name =>
          failedRead(name, message, this.lastSuccess.get(name)),
        ),
      };
    }
    this.knownClusters = listed;

    const allow = this.options.clusters;
    const names = allow ? listed.filter(n => allow.includes(n)) : listed;
    const missing = (allow ?? [])
      .filter(n => !listed.includes(n))
      .map(n =>
        failedRead(
          n,
          'cluster is not configured in the Kubernetes plugin',
          this.lastSuccess.get(n),
        ),
      );
    if (listed.length === 0) {
      this.options.logger.warn(
        'The Kubernetes plugin lists no clusters; nothing to read',
      );
    }
    const { pageSize, listConcurrency, clusterConcurrency } = this.options;
    return {
      settled: missing,
      plan: {
        base,
        token,
        clusters: names,
        pageSize,
        listConcurrency,
        clusterConcurrency,
        timeoutMs: this.options.timeoutMs,
        maxListRestarts: this.options.maxListRestarts,
        secrets: this.redactor.with({ tokens: [token] }).secrets(),
        lastSuccess: Object.fromEntries(this.lastSuccess),
      },
    };
  }

  /** Takes note of how the planned clusters read: their last success, and a warning for each failure. */
  settle(reads: Array<Pick<ClusterRead, 'cluster' | 'status'>>): void {
    for (const { cluster, status } of reads) {
      if (status.state === 'error') {
        this.options.logger.warn(
          `Cannot read cluster ${cluster} through the Kubernetes plugin: ${status.message}`,
        );
      } else if (status.lastSuccessAt) {
        this.lastSuccess.set(cluster, status.lastSuccessAt);
      }
    }
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
}
