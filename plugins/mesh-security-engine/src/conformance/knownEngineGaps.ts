import type { RuleId } from '@mesh-security/plugin-mesh-security-common';
import type { DiscrepancyKind } from './checkConformance';

/**
 * A difference between the engine and Istio where Istio's source says the
 * engine is wrong. Each entry keeps its case green until the engine is fixed;
 * the suite then fails on the stale entry, which is removed with the fix.
 */
export interface EngineGap {
  /** `ConformanceCase.name` */
  case: string;
  kind: DiscrepancyKind;
  rule?: RuleId;
  subject: string;
  /** what the engine reports */
  ours: string;
  /** what Istio does */
  istio: string;
  /** the Istio source that decides it (istio/istio 86c9f01) */
  decidedBy: string;
}

/**
 * Empty: the three gaps the suite found (namespace patterns matching no
 * namespace, gateway proxies read as PERMISSIVE sidecars, `image: auto`
 * read as a running proxy) are fixed in the engine. A new gap goes here, with
 * the Istio source that decides it, until the engine is fixed.
 */
export const KNOWN_ENGINE_GAPS: EngineGap[] = [];
