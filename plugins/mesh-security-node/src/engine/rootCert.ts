import { X509Certificate } from 'node:crypto';
import type { Inventory } from './inventory';
import { byText } from './values';

export const ROOT_CERT_CONFIGMAP = 'istio-ca-root-cert';
export const ROOT_CERT_KEY = 'root-cert.pem';

export interface RootCertCopy {
  /** `namespace/istio-ca-root-cert` the content is reported against */
  subject: string;
  /** earliest notAfter in the bundle */
  notAfter: Date;
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
  const byContent = new Map<string, RootCertCopy | null>();
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
      byContent.get(content)?.copies.push(cm.namespace);
      continue;
    }
    const blocks = content.match(PEM_BLOCK) ?? [];
    let earliest: Date | undefined;
    let bad = blocks.length === 0;
    for (const block of blocks) {
      try {
        const notAfter = new X509Certificate(block).validToDate;
        if (!earliest || notAfter < earliest) earliest = notAfter;
      } catch {
        bad = true;
      }
    }
    if (bad)
      warnings.push(
        `${where}: ${ROOT_CERT_KEY} holds a certificate that cannot be parsed`,
      );
    if (!earliest) {
      byContent.set(content, null);
      continue;
    }
    const copy: RootCertCopy = {
      subject: `${cm.namespace}/${ROOT_CERT_CONFIGMAP}`,
      notAfter: earliest,
      copies: [],
    };
    byContent.set(content, copy);
    out.push(copy);
  }
  return out;
}
