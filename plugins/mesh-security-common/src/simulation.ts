import type { Finding, MtlsMode, Dataplane } from './report';

/** Why an observed flow's outcome changes under a proposed change. @public */
export type FlowChangeCause =
  /** the callee now requires mTLS and this caller sends plaintext */
  | 'strict-rejects-plaintext'
  /** the callee's AuthorizationPolicies now deny this caller */
  | 'authz-denies'
  /** the callee's AuthorizationPolicies now allow a caller they denied */
  | 'authz-allows'
  /** the DestinationRule in effect for the caller's namespace now fails against the callee */
  | 'client-tls-fails'
  /** a failing client TLS setting now works */
  | 'client-tls-works';

/** One observed flow whose outcome a change would alter. @public */
export interface FlowChange {
  /** `namespace/workload` of the caller */
  source: string;
  /** `namespace/workload` of the callee */
  destination: string;
  /** the caller's principal as the metrics name it, when the change is about identity */
  principal?: string;
  /** requests (or connections) per second over the metrics window affected by the change */
  rate: number;
  outcome: 'breaks' | 'restored';
  cause: FlowChangeCause;
  /** Service port, for client TLS changes */
  port?: number;
  reason: string;
  /** `Kind namespace/name` of the changed objects that can cause it */
  changedBy: string[];
}

/** A workload whose effective posture a change would alter. @public */
export interface WorkloadChange {
  workload: string;
  before: WorkloadModeView | null;
  after: WorkloadModeView | null;
}

/** @public */
export interface WorkloadModeView {
  dataplane: Dataplane;
  mtlsMode: MtlsMode;
  portModes?: Record<string, MtlsMode>;
  decidedBy: string | null;
  /** AuthorizationPolicy stance */
  stance: string;
}

/** What a proposed change would do, against the current objects and the observed traffic. @public */
export interface SimulationResult {
  /** `Kind namespace/name` of every changed object, as applied or deleted */
  changed: string[];
  workloads: WorkloadChange[];
  findingsAdded: Finding[];
  findingsRemoved: Finding[];
  /** every observed flow whose outcome changes; breaks first, busiest first */
  flows: FlowChange[];
  /** flows that would break, and their rate */
  breaking: { flows: number; rate: number };
  /** false when no metrics were given: flows could not be judged */
  trafficJudged: boolean;
}
