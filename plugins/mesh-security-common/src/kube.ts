/** The minimal Kubernetes object shape the engine accepts (anything with kind + metadata). @public */
export interface KubeObject {
  apiVersion?: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    ownerReferences?: Array<{
      apiVersion?: string;
      kind: string;
      name: string;
      controller?: boolean;
      uid?: string;
    }>;
    uid?: string;
  };
  spec?: any;
  data?: Record<string, string>;
  status?: any;
}
