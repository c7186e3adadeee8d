import {
  SEVERITIES,
  type Finding,
} from '@mesh-security/plugin-mesh-security-common';

/** The most severe finding; ties keep the backend's order. */
export function worstFinding(findings: Finding[]): Finding | undefined {
  let worst: Finding | undefined;
  for (const finding of findings) {
    if (
      !worst ||
      SEVERITIES.indexOf(finding.severity) < SEVERITIES.indexOf(worst.severity)
    ) {
      worst = finding;
    }
  }
  return worst;
}
