import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SourceStatus } from '@mesh-security/plugin-mesh-security-common';
import { parseMeshMetrics } from '@mesh-security/mesh-security-engine';
import type { MetricsRead, MetricsSource } from './types';
import { describeError, isTimeout, truncate } from './errors';
import { ConfiguredSecrets, Redactor } from './redact';
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
  /**
   * Largest answer read per query, in bytes (default 32 MiB): the body is
   * streamed and reading stops past it, so a runaway query cannot exhaust the
   * backend's memory.
   */
  maxResponseBytes?: number;
  /** Most series one query may return (default 50,000). */
  maxSeries?: number;
  /**
   * Cuts secrets out of remote text before it reaches a status or the log;
   * this source's own basic auth and headers are always added to it.
   */
  redactor?: Redactor;
  logger?: LoggerService;
  /** clock for `collectedAt` (tests) */
  clock?: () => Date;
}

/**
 * A {@link PrometheusSource} as plain data: the refresh worker builds its own
 * source from it and reads there, so answers are never parsed on the thread
 * that serves requests (at 36,000 series an answer is ~13 MB of JSON).
 */
export interface PrometheusReadPlan {
  options: Omit<PrometheusSourceOptions, 'redactor' | 'logger' | 'clock'>;
  /** what the source's redactor knows */
  secrets: ConfiguredSecrets;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** ~80,000 series of the flow queries; a larger answer means the queries need narrowing */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
export const DEFAULT_MAX_SERIES = 50_000;
/** Labels the queries themselves set; an extra matcher on them would contradict the query. */
const RESERVED_LABELS = new Set(['__name__', 'reporter', 'le']);

/** An answer past `maxResponseBytes`: reading stopped. */
class AnswerTooLarge extends Error {}

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
  private readonly maxResponseBytes: number;
  private readonly maxSeries: number;
  private readonly redactor: Redactor;
  private readonly rateWindow: string;
  private readonly longWindow: string;
  private readonly clusterLabel?: string;
  private readonly queries: Record<MeshQueryName, PromQL>;
  private readonly logger?: LoggerService;
  private readonly clock: () => Date;
  private readonly planned: PrometheusReadPlan['options'];
  private lastSuccessAt?: string;

  /** A source that reads as the one whose {@link PrometheusSource.readPlan} this is. */
  static fromPlan(plan: PrometheusReadPlan): PrometheusSource {
    return new PrometheusSource({
      ...plan.options,
      redactor: Redactor.create(plan.secrets),
    });
  }

  /** Throws on invalid configuration (URL, windows, label names), so mistakes surface at startup. */
  constructor(options: PrometheusSourceOptions) {
    const { redactor: _r, logger: _l, clock: _c, ...planned } = options;
    this.planned = planned;
    this.endpoint = queryEndpoint(options.url);
    this.rateWindow = assertWindow(options.rateWindow ?? '5m');
    this.longWindow = assertWindow(options.longWindow ?? '24h');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) {
      throw new Error(`Invalid Prometheus timeout ${options.timeoutMs}`);
    }
    this.maxResponseBytes = positiveInteger(
      options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      'maxResponseBytes',
    );
    this.maxSeries = positiveInteger(
      options.maxSeries ?? DEFAULT_MAX_SERIES,
      'maxSeries',
    );
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
    this.redactor = (options.redactor ?? Redactor.create()).with({
      basicAuth: options.basicAuth,
      headers: options.headers,
    });
    this.logger = options.logger;
    this.clock = options.clock ?? (() => new Date());
  }

  /** The PromQL of one read, by query name (for diagnostics and tests). */
  get promql(): Readonly<Record<MeshQueryName, string>> {
    return this.queries;
  }

  /** What a read needs, as plain data (for the refresh worker). */
  readPlan(): PrometheusReadPlan {
    return { options: this.planned, secrets: this.redactor.secrets() };
  }

  async read(): Promise<MetricsRead> {
    const collectedAt = this.clock().toISOString();
    const warnings = new Set<string>();
    // the first failure cancels the other queries: their answers are not needed
    const cancel = new AbortController();
    try {
      const results = await Promise.all(
        MESH_QUERY_NAMES.map(async name => {
          try {
            const vector = await this.query(name, warnings, cancel.signal);
            return [name, vector] as const;
          } catch (error) {
            cancel.abort();
            throw error;
          }
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
      const message = this.redactor.redact(describeError(error));
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
    cancelled: AbortSignal,
  ): Promise<VectorSample[]> {
    const stop = new AbortController();
    const signal = AbortSignal.any([
      cancelled,
      stop.signal,
      AbortSignal.timeout(this.timeoutMs),
    ]);
    let text: string;
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: this.headers,
        body: new URLSearchParams({ query: this.queries[name] }).toString(),
        signal,
      });
      text = await readCapped(response, this.maxResponseBytes, stop);
    } catch (error) {
      if (error instanceof AnswerTooLarge) {
        throw new Error(
          `Prometheus query ${name}: the answer is larger than ${this.maxResponseBytes} bytes (meshSecurity.prometheus.maxResponseBytes); narrow the queries with extraSelector or raise the limit`,
        );
      }
      const reason = isTimeout(error)
        ? `timed out after ${this.timeoutMs} ms`
        : describeError(error);
      throw new Error(`Prometheus query ${name}: ${reason}`);
    }

    let body: PrometheusResponse | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok || body?.status !== 'success') {
      let detail = '';
      if (!body) detail = ': response is not JSON';
      else if (body.error) detail = `: ${this.remoteText(body.error)}`;
      throw new Error(
        `Prometheus query ${name}: HTTP ${response.status}${
          body?.errorType ? ` ${body.errorType}` : ''
        }${detail}`,
      );
    }
    for (const w of body.warnings ?? []) warnings.add(this.remoteText(w));
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
    if (body.data.result.length > this.maxSeries) {
      throw new Error(
        `Prometheus query ${name}: ${body.data.result.length} series, more than the ${this.maxSeries} allowed (meshSecurity.prometheus.maxSeries); narrow the queries with extraSelector or raise the limit`,
      );
    }
    return body.data.result.map(parseVectorElement);
  }

  /** Remote text for a status: secrets cut first, so a cut cannot leave half of one. */
  private remoteText(text: unknown): string {
    return truncate(this.redactor.redact(String(text)));
  }
}

/**
 * The body as text, read as a stream: past `maxBytes` (or a Content-Length
 * announcing more) the request is aborted and nothing more is read.
 */
async function readCapped(
  response: Response,
  maxBytes: number,
  stop: AbortController,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    stop.abort();
    throw new AnswerTooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      stop.abort();
      // not awaited: a cancel may wait for other readers of the stream
      reader.cancel().catch(() => undefined);
      throw new AnswerTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function positiveInteger(value: number, name: string): number {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new Error(`Invalid Prometheus ${name} ${value}`);
  }
  return value;
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
