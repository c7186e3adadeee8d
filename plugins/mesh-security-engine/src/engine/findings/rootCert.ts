import type { RootCertCopy } from '../rootCert';
import { listNames, type FindingSink } from './sink';

const DAY_MS = 86_400_000;

/** root-cert-expiring: high within 30 days, critical within 7 days or once expired. */
export function rootCertFindings(
  copies: RootCertCopy[],
  now: Date,
  sink: FindingSink,
): void {
  for (const copy of copies) {
    if (copy.unreadable || !copy.notAfter) {
      unreadableFinding(copy, sink);
      continue;
    }
    const left = copy.notAfter.getTime() - now.getTime();
    if (left > 30 * DAY_MS) continue;
    const date = copy.notAfter.toISOString();
    const days = Math.floor(left / DAY_MS);
    const when =
      left <= 0
        ? `expired on ${date}`
        : `expires on ${date} (in ${
            days === 0
              ? 'less than a day'
              : `${days} day${days === 1 ? '' : 's'}`
          })`;
    sink.add({
      rule: 'root-cert-expiring',
      severity: left <= 7 * DAY_MS ? 'critical' : 'high',
      subject: copy.subject,
      reason: `The mesh root certificate in ${copy.subject} ${when}; once it expires, workloads can no longer verify each other and mTLS between them fails. Rotate the CA root before then.`,
      detail: {
        notAfter: date,
        ...(copy.copies.length > 0
          ? {
              related: copy.copies.map(ns => `${ns}/istio-ca-root-cert`),
              copies: listNames(copy.copies),
            }
          : {}),
      },
    });
  }
}

/** A root whose expiry cannot be read may expire any day: reported, never skipped. */
function unreadableFinding(copy: RootCertCopy, sink: FindingSink): void {
  sink.add({
    rule: 'root-cert-expiring',
    severity: 'high',
    subject: copy.subject,
    reason: `The mesh root certificate bundle in ${copy.subject} ${
      copy.unreadable
    }${
      copy.notAfter
        ? ` (the readable ones expire from ${copy.notAfter.toISOString()})`
        : ''
    }, so its expiry is unknown: check it (openssl x509 -enddate) before it silently breaks mTLS.`,
    detail: {
      unreadable: true,
      ...(copy.notAfter ? { notAfter: copy.notAfter.toISOString() } : {}),
      ...(copy.copies.length > 0
        ? { related: copy.copies.map(ns => `${ns}/istio-ca-root-cert`) }
        : {}),
    },
  });
}
