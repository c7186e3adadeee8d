import type { ModeDecisionStep } from '@mesh-security/plugin-mesh-security-common';

/** "mesh", "namespace", "workload", "port 8080" or "Istio default". */
export function describeLevel(step: ModeDecisionStep): string {
  if (step.level === 'port') return `port ${step.port ?? '?'}`;
  if (step.level === 'default') return 'Istio default';
  return step.level;
}
