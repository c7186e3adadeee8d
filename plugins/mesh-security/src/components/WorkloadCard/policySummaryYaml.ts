import type { ModeDecisionStep } from '@mesh-security/plugin-mesh-security-common';

/**
 * A YAML rendering of what the posture report knows about one
 * PeerAuthentication step. The report does not carry the object itself, so
 * this is a summary (kind, metadata, mode), never presented as the stored YAML.
 */
export function policySummaryYaml(step: ModeDecisionStep): string {
  if (!step.policy) {
    return [
      '# No PeerAuthentication applies at this level:',
      `# Istio's default is ${step.effective} (mTLS accepted, plaintext too).`,
    ].join('\n');
  }
  const [namespace, name] = splitRef(step.policy);
  const lines = [
    '# Summary from the posture report (not the full object)',
    'apiVersion: security.istio.io/v1',
    'kind: PeerAuthentication',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
  ];
  if (step.level === 'workload' || step.level === 'port') {
    lines.push(
      '  selector: {} # selects this workload; labels not in the report',
    );
  }
  if (step.level === 'port' && step.port !== undefined) {
    lines.push(
      '  portLevelMtls:',
      `    ${step.port}:`,
      `      mode: ${step.mode}`,
    );
  } else {
    lines.push('  mtls:', `    mode: ${step.mode}`);
  }
  return `${lines.join('\n')}\n`;
}

function splitRef(ref: string): [string, string] {
  const slash = ref.indexOf('/');
  return slash < 0 ? ['', ref] : [ref.slice(0, slash), ref.slice(slash + 1)];
}
