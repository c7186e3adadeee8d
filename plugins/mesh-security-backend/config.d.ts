/*
 * Copyright 2025 The Mesh Security Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { HumanDuration } from '@backstage/types';

export interface Config {
  /** Mesh Security: Istio mTLS posture of the catalog's services. */
  meshSecurity?: {
    /** How often the posture is refreshed (one replica at a time). Default: every 5 minutes, 2 minute timeout. */
    refresh?: {
      /** A HumanDuration (`{ minutes: 5 }`), a duration string (`5m`, `PT5M`) or `{ cron: <crontab expression> }`. */
      frequency?: HumanDuration | string | { cron: string };
      /** Longest a refresh may run before another replica may take over. */
      timeout?: HumanDuration | string;
      /**
       * Largest JavaScript heap of the refresh worker thread, in MB (default 1536; a mesh of 40,000 pods needs ~500),
       * and of the what-if worker thread. A refresh that needs more fails alone, with an error naming this key, and
       * the last snapshot stays served; so does a simulation.
       */
      workerHeapMb?: number;
    };

    /**
     * How long the entity route reuses an entity's catalog metadata (annotations, owner, kind) before reading it
     * again: a HumanDuration, a duration string (`30s`) or milliseconds. Annotation changes show up within this time;
     * an entity that does not exist is never cached. Default 30 s.
     */
    entityCacheTtl?: HumanDuration | string | number;

    /** Cluster objects read through the Kubernetes plugin's backend (its cluster configuration and credentials). */
    kubernetes?: {
      /** Default: true when the app config has a `kubernetes` section. */
      enabled?: boolean;
      /** Read only these clusters (names as the Kubernetes plugin knows them). Default: every cluster it lists. */
      clusters?: string[];
      /** `limit` of each Kubernetes list request (default 500). */
      pageSize?: number;
    };

    /** Manifest files or folders standing in for a cluster (a demo, a GitOps repository). */
    manifests?: {
      /** Files or folders of YAML/JSON manifests; relative paths resolve against the backend's working directory. */
      paths: string[];
      /** Cluster name the objects are reported under (default `manifests`). */
      cluster?: string;
    };

    /** Istio metrics from a snapshot file (MeshMetrics JSON) instead of Prometheus. */
    metrics?: {
      /** Relative paths resolve against the backend's working directory. */
      snapshotPath?: string;
    };

    /** Istio standard metrics from Prometheus (or a Prometheus-compatible API such as Thanos or Mimir). */
    prometheus?: {
      /** Base URL of the Prometheus HTTP API, e.g. `http://prometheus.istio-system:9090`. */
      url: string;
      /**
       * Extra request headers, e.g. `X-Scope-OrgID` or `Authorization`. Every value (and the credential of an
       * `Authorization: Basic|Bearer …` value) is cut from source statuses and logs, in any encoding.
       * @visibility secret
       */
      headers?: { [name: string]: string };
      basicAuth?: {
        username: string;
        /** @visibility secret */
        password: string;
      };
      /** Per-query timeout: milliseconds, a duration string (`10s`) or a HumanDuration. Default 10 s. */
      timeout?: number | string | HumanDuration;
      /** Window of rates and latencies (default `5m`). */
      rateWindow?: string;
      /** Window of observed caller identities for strict-ready and unused grants (default `24h`). */
      longWindow?: string;
      /** For a Prometheus holding several clusters: the label whose value is the Kubernetes plugin's cluster name. */
      clusterLabel?: string;
      /** Label matchers added to every query, e.g. `{ mesh_id: prod }`. */
      extraSelector?: { [label: string]: string };
      /**
       * Largest answer read per query, in bytes (default 33554432, 32 MiB). The answer is streamed and reading
       * stops past the limit; the read then fails with a clear status and the last good metrics are kept, stale.
       */
      maxResponseBytes?: number;
      /** Most series one query may return (default 50000); more fails the read like an oversized answer. */
      maxSeries?: number;
    };

    /** Error-rate thresholds (fractions) of workload and flow health. Default 0.01 and 0.05. */
    health?: {
      warnErrorRate?: number;
      critErrorRate?: number;
    };

    strictReady?: {
      /** Inbound requests over the long window below which a workload is never called ready for STRICT (default 100). */
      minRequests?: number;
    };

    /** Namespace holding the `istio` ConfigMap and istiod (default `istio-system`). */
    controlPlaneNamespace?: string;

    /** What-if: `POST /simulate` and `POST /propose/authz` evaluate a change against the objects of the last refresh. */
    whatIf?: {
      /** Largest request body of a change, in bytes (default 262144, 256 KiB); a larger one is answered 413. */
      maxChangeSize?: number;
    };

    /**
     * Posture history: after each refresh, the summary figures of every entity and team (mode, meshed and STRICT
     * counts, mTLS traffic share, rps, findings by severity, grade) are kept in the plugin's database, served by the
     * `…/history?days=N` routes and charted in the UI; regressions are announced to the owners through the
     * notifications service.
     */
    history?: {
      /** Record and serve history (default true). */
      enabled?: boolean;
      /** Days during which the point of every refresh is kept (default 7). */
      fullResolutionDays?: number;
      /** Days after which points are deleted; older than fullResolutionDays, one point per UTC day is kept (default 90, at most 90). */
      retentionDays?: number;
      /** Notifications to the owning group of an entity when its posture gets worse between two refreshes. */
      regressions?: {
        /** Default true. Needs the notifications backend (`@backstage/plugin-notifications-backend`). */
        enabled?: boolean;
        /** Fall of the mTLS share of an entity's inbound traffic that counts as a regression: 0..1, default 0.1 (10 points). */
        mtlsShareDrop?: number;
      };
      /** Demo portal only: make up a past for the embedded demo mesh at the first refresh. Never set it in production. */
      demoSeed?: boolean;
    };

    /**
     * Findings accepted on purpose: they leave the findings (and grades, tags, facts) and are listed as suppressed
     * with the reason. Objects can also carry the `mesh-security.io/suppress` annotation. A malformed entry (unknown
     * rule, bad glob or date, unknown field) stops the plugin from starting.
     */
    suppressions?: Array<{
      /** A rule id of the finding catalog, or `*` for every rule. */
      rule: string;
      /** Glob over `namespace/name` (`/name` for a Namespace); `*` matches any characters except `/`. */
      subject: string;
      /** Why the finding is accepted; shown beside it. */
      reason: string;
      /** Last day (`YYYY-MM-DD`, through its end in UTC) or instant (ISO timestamp with zone) the entry applies. */
      until?: string;
    }>;
  };
}
