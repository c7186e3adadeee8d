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
       * Extra request headers, e.g. `X-Scope-OrgID` or `Authorization`.
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

    /** Links from a workload to other tools; `{namespace}`, `{workload}` and `{cluster}` are replaced. */
    links?: {
      /** @visibility frontend */
      kiali?: string;
      /** @visibility frontend */
      grafana?: string;
      /** @visibility frontend */
      jaeger?: string;
    };
  };
}
