/*
 * Copyright 2025 The Mesh Security Authors
 * SPDX-License-Identifier: Apache-2.0
 */
export interface Config {
  /** Mesh Security: frontend settings (the backend's are in its own config.d.ts). */
  meshSecurity?: {
    /**
     * Deep links shown on each workload of the "mTLS / Traffic" tab. Each is a
     * URL template with the placeholders {namespace}, {workload} and {cluster}
     * (URL-encoded when filled in); a tool without a template is not linked.
     * They are read in the browser, so the object and each template are
     * visible to the frontend.
     * @visibility frontend
     */
    links?: {
      /**
       * e.g. https://kiali.example.com/kiali/console/namespaces/{namespace}/workloads/{workload}
       * @visibility frontend
       */
      kiali?: string;
      /**
       * e.g. https://grafana.example.com/d/istio-workload?var-namespace={namespace}&var-workload={workload}
       * @visibility frontend
       */
      grafana?: string;
      /**
       * e.g. https://jaeger.example.com/search?service={workload}.{namespace}
       * @visibility frontend
       */
      jaeger?: string;
    };
  };
}
