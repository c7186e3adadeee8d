import forge from 'node-forge';

/** A self-signed CA certificate (PEM) valid until `notAfter`; RSA-1024 keeps tests fast. */
export function selfSignedPem(notAfter: Date, cn = 'istio-ca'): string {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = String(Math.floor(Math.random() * 1e9) + 1);
  cert.validity.notBefore = new Date(notAfter.getTime() - 3650 * 86_400_000);
  cert.validity.notAfter = notAfter;
  const attrs = [
    { name: 'commonName', value: cn },
    { name: 'organizationName', value: 'cluster.local' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([{ name: 'basicConstraints', cA: true }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
