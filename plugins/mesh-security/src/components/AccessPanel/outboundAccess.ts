import type { OutboundGrant } from '@mesh-security/plugin-mesh-security-common';
import { describeCondition, describeOperation } from './accessGrants';

export interface OutboundRule {
  policy: string;
  ruleIndex: number;
  effect: 'allowed' | 'denied';
  dryRun: boolean;
  /** how the rule names the workload, e.g. `principal` */
  via: 'principal' | 'namespace' | 'service account';
  /** the value as written in the policy */
  grant: string;
  /** "GET, POST /api/*" style lines; empty = any operation */
  operations: string[];
  conditions: string[];
}

export interface OutboundTarget {
  /** `namespace/workload` */
  target: string;
  /** DENY rules first: Istio checks them before the ALLOW rules */
  rules: OutboundRule[];
}

const VIA: Record<OutboundGrant['via'], OutboundRule['via']> = {
  principal: 'principal',
  namespace: 'namespace',
  serviceAccount: 'service account',
};

/** The workload's `mayCall` entries grouped per target, in the report's order of targets. */
export function outboundAccess(mayCall: OutboundGrant[]): OutboundTarget[] {
  const byTarget = new Map<string, OutboundRule[]>();
  for (const grant of mayCall) {
    const rule: OutboundRule = {
      policy: grant.policy,
      ruleIndex: grant.ruleIndex,
      effect: grant.action === 'DENY' ? 'denied' : 'allowed',
      dryRun: grant.dryRun,
      via: VIA[grant.via],
      grant: grant.grant,
      operations: grant.to.map(describeOperation),
      conditions: grant.when.map(describeCondition),
    };
    const rules = byTarget.get(grant.target);
    if (rules) rules.push(rule);
    else byTarget.set(grant.target, [rule]);
  }
  return [...byTarget].map(([target, rules]) => ({
    target,
    rules: [
      ...rules.filter(r => r.effect === 'denied'),
      ...rules.filter(r => r.effect === 'allowed'),
    ],
  }));
}
