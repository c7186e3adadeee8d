export interface Config {
  /** Mesh security frontend settings. */
  meshSecurity?: {
    /**
     * Deep links shown on each workload of the "mTLS / Traffic" tab. Each is a
     * URL template with the placeholders {namespace}, {workload} and {cluster};
     * a tool without a template is not linked.
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
