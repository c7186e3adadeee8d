/** The Istio objects the actions write, as plain objects for the YAML writer. */

export interface PolicyObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

export function strictPeerAuthentication(args: {
  namespace: string;
  name: string;
  /** absent for the namespace-wide policy */
  selector?: Record<string, string>;
}): PolicyObject {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: args.name, namespace: args.namespace },
    spec: {
      ...(args.selector ? { selector: { matchLabels: args.selector } } : {}),
      mtls: { mode: 'STRICT' },
    },
  };
}

export function allowPrincipalsPolicy(args: {
  namespace: string;
  name: string;
  selector: Record<string, string>;
  principals: string[];
  /** `istio.io/dry-run: "true"`: Istio logs what the policy would decide and enforces nothing */
  dryRun: boolean;
}): PolicyObject {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: {
      name: args.name,
      namespace: args.namespace,
      ...(args.dryRun ? { annotations: { 'istio.io/dry-run': 'true' } } : {}),
    },
    spec: {
      selector: { matchLabels: args.selector },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: args.principals } }] }],
    },
  };
}
