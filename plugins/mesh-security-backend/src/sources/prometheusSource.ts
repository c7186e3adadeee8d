import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SourceStatus } from '@mesh-security/plugin-mesh-security-common';
import { parseMeshMetrics } from '@mesh-security/plugin-mesh-security-node';
import type { MetricsRead, MetricsSource } from './types';
import { describeError, isTimeout, truncate } from './errors';
import {
  MESH_QUERY_NAMES,
  MeshQueryName,
  buildMeshQueries,
} from './meshQueries';
import { VectorSample, meshMetricsFromVectors } from './meshSamples';
import { PromQL, assertLabelName, assertWindow, eq } from './promql';

/**
 * Options of {@link PrometheusSource}.
 * @public
 */
export interface PrometheusSourceOptions {
  /** base URL of the Prometheus HTTP API, e.g. `http://prometheus.istio-system:9090` (a path prefix is kept) */
  url: string;
  /** extra request headers, e.g. `X-Scope-OrgID` for Mimir or an `Authorization` header; never logged */
  headers?: Record<string, string>;
  /** HTTP basic authentication; never logged */
  basicAuth?: { username: string; password: string };
  /** per-query timeout in milliseconds (default 10000) */
  timeoutMs?: number;
  /** short window for rates and latencies (default `5m`) */
  rateWindow?: string;
  /** long window for observed identities: strict-ready and unused grants (default `24h`) */
  longWindow?: string;
  /**
   * For a Prometheus that holds several clusters: the label whose value is the
   * Kubernetes plugin's cluster name (e.g. `cluster`). Metrics are then keyed by
   * that value; series without it go under `*`. Unset: everything under `*`.
   */
  clusterLabel?: string;
  /** label → value matchers added to every selector, e.g. `{ mesh_id: 'prod' }`; values are escaped */
  extraSelector?: Record<string, string>;
  logger?: LoggerService;
  /** clock for `collectedAt` (tests) */
  clock?: () => Date;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Labels the queries themselves set; an extra matcher on them would contradict the query. */
const RESERVED_LABELS = new Set(['__name__', 'reporter', 'le']);

interface PrometheusResponse {
  status?: string;
  error?: string;
  errorType?: string;
  warnings?: string[];
  data?: { resultType?: string; result?: unknown };
}

/**
 * Istio standard metrics from Prometheus: a constant number of aggregate
 * instant queries per read ({@link PrometheusSource.queriesPerRead}), however
 * many workloads or entities exist. A failed read returns an `error` status
 * and no metrics; it never throws.
 * @public
 */
export class PrometheusSource implements MetricsSource {
  readonly name = 'prometheus';
  /** queries sent by one {@link PrometheusSource.read} */
  readonly queriesPerRead = MESH_QUERY_NAMES.length;

  private readonly endpoint: URL;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly rateWindow: string;
  private readonly longWindow: string;
  private readonly clusterLabel?: string;
  private readonly queries: Record<MeshQueryName, PromQL>;
  private readonly logger?: LoggerService;
  private readonly clock: () => Date;
  private lastSuccessAt?: string;

  /** Throws on invalid configuration (URL, windows, label names), so mistakes surface at startup. */
  constructor(options: PrometheusSourceOptions) {
    this.endpoint = queryEndpoint(options.url);
    this.rateWindow = assertWindow(options.rateWindow ?? '5m');
    this.longWindow = assertWindow(options.longWindow ?? '24h');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) {
      throw new Error(`Invalid Prometheus timeout ${options.timeoutMs}`);
    }
    this.clusterLabel =
      options.clusterLabel === undefined
        ? undefined
        : assertLabelName(options.clusterLabel);
    const extraMatchers = Object.entries(options.extraSelector ?? {}).map(
      ([label, value]) => {
        if (RESERVED_LABELS.has(assertLabelName(label))) {
          throw new Error(`Prometheus extraSelector may not set '${label}'`);
        }
        return eq(label, value);
      },
    );
    this.queries = buildMeshQueries({
      rateWindow: this.rateWindow,
      longWindow: this.longWindow,
      extraMatchers,
      groupLabels: this.clusterLabel ? [this.clusterLabel] : [],
    });
    this.headers = {
      Accept: 'application/json',
      'Content-Type': 'application/x-www-form-urlencoded',
      ...options.headers,
    };
    if (options.basicAuth) {
      const { username, password } = options.basicAuth;
      this.headers.Authorization = `Basic ${Buffer.from(
        `${username}:${password}`,
      ).toString('base64')}`;
    }
    this.logger = options.logger;
    this.clock = options.clock ?? (() => new Date());
  }

  /** The PromQL of one read, by query name (for diagnostics and tests). */
  get promql(): Readonly<Record<MeshQueryName, string>> {
    return this.queries;
  }

  async read(): Promise<MetricsRead> {
    const collectedAt = this.clock().toISOString();
    const warnings = new Set<string>();
    try {
      const results = await Promise.all(
        MESH_QUERY_NAMES.map(async name => {
          const vector = await this.query(name, warnings);
          return [name, vector] as const;
        }),
      );
      const vectors = Object.fromEntries(results) as Record<
        MeshQueryName,
        VectorSample[]
      >;
      const metrics = meshMetricsFromVectors(vectors, {
        collectedAt,
        rateWindow: this.rateWindow,
        longWindow: this.longWindow,
        clusterLabel: this.clusterLabel,
      });
      // The engine refuses malformed metrics; checked here, an odd answer is
      // this source's error instead of a failed refresh of the whole report.
      for (const [cluster, clusterMetrics] of Object.entries(metrics)) {
        try {
          parseMeshMetrics(clusterMetrics);
        } catch (error) {
          throw new Error(
            `Prometheus answered unusable metrics for cluster ${cluster}: ${describeError(
              error,
            )}`,
          );
        }
      }
      this.lastSuccessAt = collectedAt;
      const status: SourceStatus = {
        name: this.name,
        kind: 'prometheus',
        state: 'ok',
        lastSuccessAt: collectedAt,
      };
      if (warnings.size > 0) status.warnings = [...warnings];
      return { metrics, status };
    } catch (error) {
      const message = describeError(error);
      this.logger?.warn(`Prometheus read failed: ${message}`);
      return {
        metrics: {},
        status: {
          name: this.name,
          kind: 'prometheus',
          state: 'error',
          message,
          ...(this.lastSuccessAt && { lastSuccessAt: this.lastSuccessAt }),
        },
      };
    }
  }

  private async query(
    name: MeshQueryName,
    warnings: Set<string>,
  ): Promise<VectorSample[]> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: this.headers,
        body: new URLSearchParams({ query: this.queries[name] }).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason = isTimeout(error)
        ? `timed out after ${this.timeoutMs} ms`
        : describeError(error);
      throw new Error(`Prometheus query ${name}: ${reason}`);
    }

    let body: PrometheusResponse | undefined;
    const text = await response.text();
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok || body?.status !== 'success') {
      let detail = '';
      if (!body) detail = ': response is not JSON';
      else if (body.error) detail = `: ${truncate(body.error)}`;
      throw new Error(
        `Prometheus query ${name}: HTTP ${response.status}${
          body?.errorType ? ` ${body.errorType}` : ''
        }${detail}`,
      );
    }
    for (const w of body.warnings ?? []) warnings.add(truncate(String(w)));
    if (
      body.data?.resultType !== 'vector' ||
      !Array.isArray(body.data.result)
    ) {
      throw new Error(
        `Prometheus query ${name}: expected an instant vector, got ${String(
          body.data?.resultType,
        )}`,
      );
    }
    return body.data.result.map(parseVectorElement);
  }
}

function parseVectorElement(element: unknown): VectorSample {
  const e = element as { metric?: unknown; value?: unknown };
  if (
    !e ||
    typeof e.metric !== 'object' ||
    e.metric === null ||
    !Array.isArray(e.value) ||
    typeof e.value[1] !== 'string'
  ) {
    throw new Error('Prometheus returned a malformed vector element');
  }
  // Prometheus encodes sample values as strings, including "NaN" and "+Inf".
  return {
    metric: e.metric as Record<string, string>,
    value: Number(e.value[1]),
  };
}

function queryEndpoint(url: string): URL {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new Error(`Invalid Prometheus URL`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error(`Prometheus URL must be http or https`);
  }
  if (base.username || base.password) {
    throw new Error(
      'Prometheus URL must not contain credentials; use basicAuth or headers',
    );
  }
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL('api/v1/query', base);
}
