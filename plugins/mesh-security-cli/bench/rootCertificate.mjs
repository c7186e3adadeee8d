/**
 * A self-signed mesh root certificate (PEM), as `istio-ca-root-cert` holds
 * one: the benchmarks' synthetic meshes carry it. Made with node-forge from a
 * fresh RSA key each time.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';

const forge = createRequire(import.meta.url)('node-forge');

export function rootCertificate() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(
    publicKey.export({ type: 'spki', format: 'pem' }),
  );
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2036-01-01T00:00:00Z');
  const name = [{ name: 'organizationName', value: 'cluster.local' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true },
  ]);
  cert.sign(
    forge.pki.privateKeyFromPem(
      privateKey.export({ type: 'pkcs1', format: 'pem' }),
    ),
    forge.md.sha256.create(),
  );
  return forge.pki.certificateToPem(cert);
}
