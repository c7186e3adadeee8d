import type { Finding } from '@mesh-security/plugin-mesh-security-common';
import {
  ENFORCE_MTLS_TEMPLATE,
  strictFixLink,
  templateFormLink,
} from './scaffolderTemplates';

const formData = (link: string | undefined) =>
  JSON.parse(
    new URL(link!, 'http://portal').searchParams.get('formData') ?? 'null',
  );

describe('templateFormLink', () => {
  it('encodes the form data as JSON in the query', () => {
    const link = templateFormLink(ENFORCE_MTLS_TEMPLATE, {
      entity: 'component:default/notification-svc',
      scope: 'namespace',
    });
    expect(link).toBe(
      '/create/templates/default/enforce-mtls?formData=%7B%22entity%22%3A%22component%3Adefault%2Fnotification-svc%22%2C%22scope%22%3A%22namespace%22%7D',
    );
    expect(formData(link)).toEqual({
      entity: 'component:default/notification-svc',
      scope: 'namespace',
    });
  });
});

describe('strictFixLink', () => {
  const finding = (rule: Finding['rule'], scope?: string): Finding => ({
    rule,
    severity: 'low',
    subject: 'comms/notification-svc',
    reason: 'r',
    ...(scope ? { detail: { scope } } : {}),
  });
  const entity = 'component:default/notification-svc';

  it('offers "Enforce mTLS" for findings fixed by STRICT, with the recommended scope', () => {
    expect(formData(strictFixLink(entity, finding('mtls-permissive')))).toEqual(
      { entity },
    );
    expect(
      formData(strictFixLink(entity, finding('strict-ready', 'workload'))),
    ).toEqual({ entity, scope: 'workload' });
  });

  it('offers nothing for other findings, and ignores a scope it does not know', () => {
    expect(strictFixLink(entity, finding('authz-allow-all'))).toBeUndefined();
    expect(
      formData(strictFixLink(entity, finding('strict-ready', 'mesh'))),
    ).toEqual({ entity });
  });
});
