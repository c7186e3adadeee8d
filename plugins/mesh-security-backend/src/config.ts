import {
  AuthService,
  DiscoveryService,
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  parseSuppressions,
  type EngineOptions,
} from '@mesh-security/mesh-security-engine';
import {
  ClusterObjectSource,
  KubernetesPluginSource,
  ManifestsSource,
  MetricsSnapshotSource,
  MetricsSource,
  PrometheusSource,
} from './sources';
import { Redactor } from './sources/redact';
import { kubernetesClusterSecrets } from './sources/kubernetesSecrets';
import { MAX_HISTORY_DAYS, type HistoryOptions } from './history/types';

const DEFAULT_SCHEDULE = { frequency: { minutes: 5 }, timeout: { minutes: 2 } };

/** `meshSecurity.refresh`: a HumanDuration, a duration string, or `{ cron }`; every 5 minutes by default. */
export function readRefreshSchedule(
  config: Config,
): SchedulerServiceTaskScheduleDefinition {
  const block = config.getOptionalConfig('meshSecurity.refresh');
  return readSchedulerServiceTaskScheduleDefinitionFromConfig(
    new ConfigReader({
      frequency: block?.getOptional('frequency') ?? DEFAULT_SCHEDULE.frequency,
      timeout: block?.getOptional('timeout') ?? DEFAULT_SCHEDULE.timeout,
    }),
  );
}

/** `meshSecurity.refresh.workerHeapMb`: the largest heap of the refresh and what-if workers, in MB (default: the refresh worker's own). */
export function readWorkerHeapMb(config: Config): number | undefined {
  const value = config.getOptionalNumber('meshSecurity.refresh.workerHeapMb');
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 256 || value > 65536) {
    throw new Error(
      `meshSecurity.refresh.workerHeapMb: need a whole number of MB from 256 to 65536, got ${value}`,
    );
  }
  return value;
}

export function readEngineOptions(config: Config): EngineOptions {
  const health = config.getOptionalConfig('meshSecurity.health');
  const warn = health?.getOptionalNumber('warnErrorRate');
  const crit = health?.getOptionalNumber('critErrorRate');
  const options: EngineOptions = {};
  const controlPlane = config.getOptionalString(
    'meshSecurity.controlPlaneNamespace',
  );
  if (controlPlane) options.controlPlaneNamespace = controlPlane;
  if (warn !== undefined || crit !== undefined) {
    const thresholds = { warn: warn ?? 0.01, crit: crit ?? 0.05 };
    if (
      !(
        thresholds.warn >= 0 &&
        thresholds.warn <= thresholds.crit &&
        thresholds.crit <= 1
      )
    ) {
      throw new Error(
        `meshSecurity.health: need 0 <= warnErrorRate <= critErrorRate <= 1, got ${thresholds.warn} and ${thresholds.crit}`,
      );
    }
    options.healthThresholds = thresholds;
  }
  const minRequests = config.getOptionalNumber(
    'meshSecurity.strictReady.minRequests',
  );
  if (minRequests !== undefined) options.strictReadyMinRequests = minRequests;
  // a malformed entry stops the plugin: a silent no-op would hide a finding's return
  const suppressions = parseSuppressions(
    config.getOptional('meshSecurity.suppressions'),
    'meshSecurity.suppressions',
  );
  if (suppressions.length > 0) options.suppressions = suppressions;
  return options;
}

function readStringMap(
  config: Config | undefined,
): Record<string, string> | undefined {
  if (!config) return undefined;
  return Object.fromEntries(config.keys().map(k => [k, config.getString(k)]));
}

// calendar units have no fixed length: durationToMilliseconds would guess
const APPROXIMATE_UNITS = ['months', 'years'];

/** A duration key in milliseconds: a number of ms, a duration string (`10s`) or a HumanDuration (days at most). */
function readDurationMs(
  config: Config,
  key: string,
  path: string,
): number | undefined {
  const raw = config.getOptional(key);
  if (raw === undefined) return undefined;
  if (typeof raw === 'number') return raw;
  const duration = readDurationFromConfig(config, { key });
  const unit = APPROXIMATE_UNITS.find(u => u in duration);
  if (unit) throw new Error(`${path}: '${unit}' is too long for this duration`);
  return durationToMilliseconds(duration);
}

const DEFAULT_ENTITY_CACHE_TTL_MS = 30_000;

/**
 * `meshSecurity.entityCacheTtl`: how long an entity's catalog metadata is
 * reused by the entity route (default 30 s). Annotation changes show up
 * within this time; a missing entity is never cached.
 */
export function readEntityCacheTtlMs(config: Config): number {
  const ms = readDurationMs(
    config.getOptionalConfig('meshSecurity') ?? new ConfigReader({}),
    'entityCacheTtl',
    'meshSecurity.entityCacheTtl',
  );
  if (ms === undefined) return DEFAULT_ENTITY_CACHE_TTL_MS;
  // a cache store may read a zero TTL as "never expires"
  if (!(Number.isFinite(ms) && ms >= 1)) {
    throw new Error(
      `meshSecurity.entityCacheTtl: need a duration of at least 1 ms, got ${ms}`,
    );
  }
  return ms;
}

/**
 * The sources `meshSecurity.*` asks for. Relative paths resolve against the
 * backend's working directory (packages/backend under `yarn start`).
 */
export function createSources(
  config: Config,
  deps: {
    auth: AuthService;
    discovery: DiscoveryService;
    logger: LoggerService;
    baseDir?: string;
  },
): {
  clusterSources: ClusterObjectSource[];
  metricsSource?: MetricsSource;
  /** every configured secret: remote text passes through it before a status or a log */
  redactor: Redactor;
} {
  const prometheus = config.getOptionalConfig('meshSecurity.prometheus');
  const basicAuthConfig = prometheus?.getOptionalConfig('basicAuth');
  const basicAuth = basicAuthConfig && {
    username: basicAuthConfig.getString('username'),
    password: basicAuthConfig.getString('password'),
  };
  const headers = readStringMap(prometheus?.getOptionalConfig('headers'));
  // the clusters' tokens too: an API server may repeat one in an error body
  const redactor = Redactor.create({
    basicAuth,
    headers,
    tokens: kubernetesClusterSecrets(config),
  });

  const clusterSources: ClusterObjectSource[] = [];
  const kubernetes = config.getOptionalConfig('meshSecurity.kubernetes');
  const kubernetesEnabled =
    kubernetes?.getOptionalBoolean('enabled') ?? config.has('kubernetes');
  if (kubernetesEnabled) {
    clusterSources.push(
      KubernetesPluginSource.fromConfig(kubernetes, { ...deps, redactor }),
    );
  }
  const manifests = config.getOptionalConfig('meshSecurity.manifests');
  if (manifests) {
    clusterSources.push(
      new ManifestsSource({
        paths: manifests.getStringArray('paths'),
        cluster: manifests.getOptionalString('cluster'),
        baseDir: deps.baseDir,
      }),
    );
  }

  let metricsSource: MetricsSource | undefined;
  const snapshotPath = config.getOptionalString(
    'meshSecurity.metrics.snapshotPath',
  );
  if (prometheus && snapshotPath) {
    throw new Error(
      'meshSecurity: set either prometheus.url or metrics.snapshotPath, not both',
    );
  }
  if (prometheus) {
    metricsSource = new PrometheusSource({
      url: prometheus.getString('url'),
      headers,
      basicAuth,
      timeoutMs: readDurationMs(
        prometheus,
        'timeout',
        'meshSecurity.prometheus.timeout',
      ),
      rateWindow: prometheus.getOptionalString('rateWindow'),
      longWindow: prometheus.getOptionalString('longWindow'),
      clusterLabel: prometheus.getOptionalString('clusterLabel'),
      extraSelector: readStringMap(
        prometheus.getOptionalConfig('extraSelector'),
      ),
      maxResponseBytes: prometheus.getOptionalNumber('maxResponseBytes'),
      maxSeries: prometheus.getOptionalNumber('maxSeries'),
      redactor,
      logger: deps.logger,
    });
  } else if (snapshotPath) {
    metricsSource = new MetricsSnapshotSource({
      path: snapshotPath,
      baseDir: deps.baseDir,
    });
  }
  if (clusterSources.length === 0) {
    deps.logger.warn(
      'meshSecurity: no cluster source (kubernetes disabled or not configured, no manifests.paths); the report will be empty',
    );
  }
  return { clusterSources, metricsSource, redactor };
}

const HISTORY_DEFAULTS = {
  fullResolutionDays: 7,
  retentionDays: 90,
  mtlsShareDrop: 0.1,
};

/**
 * `meshSecurity.history`: on by default; a point per refresh for 7 days, one
 * a day up to 90, owners notified of regressions. A value out of range stops
 * the plugin rather than silently keeping less (or more) than configured.
 */
export function readHistoryOptions(config: Config): HistoryOptions {
  const history = config.getOptionalConfig('meshSecurity.history');
  const days = (key: 'fullResolutionDays' | 'retentionDays') => {
    const value = history?.getOptionalNumber(key) ?? HISTORY_DEFAULTS[key];
    if (!Number.isInteger(value) || value < 1 || value > MAX_HISTORY_DAYS) {
      throw new Error(
        `meshSecurity.history.${key}: need a whole number of days from 1 to ${MAX_HISTORY_DAYS}, got ${value}`,
      );
    }
    return value;
  };
  const fullResolutionDays = days('fullResolutionDays');
  const retentionDays = days('retentionDays');
  if (fullResolutionDays > retentionDays) {
    throw new Error(
      `meshSecurity.history: fullResolutionDays (${fullResolutionDays}) cannot exceed retentionDays (${retentionDays})`,
    );
  }
  const regressions = history?.getOptionalConfig('regressions');
  const mtlsShareDrop =
    regressions?.getOptionalNumber('mtlsShareDrop') ??
    HISTORY_DEFAULTS.mtlsShareDrop;
  if (!(mtlsShareDrop > 0 && mtlsShareDrop <= 1)) {
    throw new Error(
      `meshSecurity.history.regressions.mtlsShareDrop: need a share above 0 and at most 1, got ${mtlsShareDrop}`,
    );
  }
  return {
    enabled: history?.getOptionalBoolean('enabled') ?? true,
    fullResolutionDays,
    retentionDays,
    regressions: {
      enabled: regressions?.getOptionalBoolean('enabled') ?? true,
      mtlsShareDrop,
    },
    demoSeed: history?.getOptionalBoolean('demoSeed') ?? false,
  };
}

const DEFAULT_MAX_CHANGE_BYTES = 256 * 1024;

/** `meshSecurity.whatIf.maxChangeSize`: the largest what-if request body, in bytes (default 256 KiB). */
export function readMaxChangeBytes(config: Config): number {
  const value =
    config.getOptionalNumber('meshSecurity.whatIf.maxChangeSize') ??
    DEFAULT_MAX_CHANGE_BYTES;
  if (!Number.isInteger(value) || value < 1024 || value > 16 * 1024 * 1024) {
    throw new Error(
      `meshSecurity.whatIf.maxChangeSize: need a whole number of bytes from 1024 to 16777216, got ${value}`,
    );
  }
  return value;
}
