import { X509Certificate } from 'node:crypto';
import type { Inventory } from './inventory';
import { byText } from './values';

export const ROOT_CERT_CONFIGMAP = 'istio-ca-root-cert';
export const ROOT_CERT_KEY = 'root-cert.pem';

export interface RootCertCopy {
  /** `namespace/istio-ca-root-cert` the content is reported against */
  subject: string;
  /** earliest notAfter in the bundle; null when no certificate's expiry could be read */
  notAfter: Date | null;
  /** why some certificate of the bundle could not be read */
  unreadable?: string;
  /** other namespaces holding the same content */
  copies: string[];
}

const PEM_BLOCK =
  /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * Earliest notAfter of every distinct `root-cert.pem` bundle (istiod copies
 * the ConfigMap into each namespace). Identical copies are reported once,
 * against the control-plane namespace's copy when it has one.
 */
export function readRootCerts(
  inv: Inventory,
  controlPlaneNamespace: string,
  warnings: string[],
): RootCertCopy[] {
  const maps = inv.configMaps
    .filter(c => c.name === ROOT_CERT_CONFIGMAP)
    .map(c => ({
      c,
      order: `${c.namespace === controlPlaneNamespace ? 0 : 1}${c.namespace}`,
    }))
    .sort((a, b) => byText(a.order, b.order))
    .map(x => x.c);
  const byContent = new Map<string, RootCertCopy>();
  const out: RootCertCopy[] = [];
  for (const cm of maps) {
    const where = `ConfigMap ${cm.namespace}/${ROOT_CERT_CONFIGMAP}`;
    const pem = cm.data[ROOT_CERT_KEY];
    if (typeof pem !== 'string') {
      warnings.push(`${where}: no ${ROOT_CERT_KEY}`);
      continue;
    }
    const content = pem.trim();
    if (byContent.has(content)) {
      byContent.get(content)!.copies.push(cm.namespace);
      continue;
    }
    const blocks = content.match(PEM_BLOCK) ?? [];
    let earliest: Date | null = null;
    let unreadable =
      blocks.length === 0 ? 'holds no PEM certificate' : undefined;
    for (const block of blocks) {
      const notAfter = certificateNotAfter(block);
      if (!notAfter)
        unreadable = 'holds a certificate whose expiry cannot be read';
      else if (!earliest || notAfter < earliest) earliest = notAfter;
    }
    if (unreadable) warnings.push(`${where}: ${ROOT_CERT_KEY} ${unreadable}`);
    // an unreadable bundle is reported, never skipped: its expiry is unknown
    const copy: RootCertCopy = {
      subject: `${cm.namespace}/${ROOT_CERT_CONFIGMAP}`,
      notAfter: earliest,
      ...(unreadable ? { unreadable } : {}),
      copies: [],
    };
    byContent.set(content, copy);
    out.push(copy);
  }
  return out;
}

/**
 * notAfter of one PEM certificate, or null when it cannot be read. `validTo`
 * (a string) exists on every Node.js line; `validToDate` only since Node 22
 * (relying on it alone skipped the check on Node 20).
 */
export function certificateNotAfter(pem: string): Date | null {
  try {
    const cert = new X509Certificate(pem);
    const date =
      cert.validToDate instanceof Date
        ? cert.validToDate
        : new Date(cert.validTo);
    return Number.isNaN(date.getTime()) ? null : date;
  } catch {
    return null;
  }
}
