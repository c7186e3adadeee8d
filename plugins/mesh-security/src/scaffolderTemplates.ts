import type {
  Finding,
  RuleId,
} from '@mesh-security/plugin-mesh-security-common';

/**
 * The Scaffolder templates the tab offers (examples/templates, registered in
 * the catalog under these names): the change is proposed as a pull request,
 * never applied from the portal.
 */
export const ENFORCE_MTLS_TEMPLATE = 'enforce-mtls';
export const REQUEST_ACCESS_TEMPLATE = 'request-access';

/** Findings whose remediation is a STRICT PeerAuthentication: what "Enforce mTLS" proposes. */
const STRICT_REMEDIATIONS = new Set<RuleId>([
  'strict-ready',
  'mtls-permissive',
  'mtls-disabled',
  'mtls-port-exception',
]);

/**
 * The template's form with fields filled in, at the Scaffolder's default
 * mount point (`/create`); the form reads `formData` from the query.
 */
export function templateFormLink(
  template: string,
  formData: Record<string, unknown>,
): string {
  return `/create/templates/default/${encodeURIComponent(
    template,
  )}?formData=${encodeURIComponent(JSON.stringify(formData))}`;
}

/** "Enforce mTLS" for the entity, at a scope when one is given. */
export function enforceMtlsLink(entityRef: string, scope?: unknown): string {
  return templateFormLink(ENFORCE_MTLS_TEMPLATE, {
    entity: entityRef,
    ...(scope === 'namespace' || scope === 'workload' ? { scope } : {}),
  });
}

/**
 * "Enforce mTLS" for a finding whose fix is STRICT, at the scope a
 * `strict-ready` finding recommends; undefined for any other finding.
 */
export function strictFixLink(
  entityRef: string,
  finding: Finding,
): string | undefined {
  return STRICT_REMEDIATIONS.has(finding.rule)
    ? enforceMtlsLink(entityRef, finding.detail?.scope)
    : undefined;
}
