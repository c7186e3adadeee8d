import type { Finding } from '@mesh-security/plugin-mesh-security-common';
import { ANY_OTHER_NAMESPACE, type TlsProblem } from '../clientTls';
import type { EngineContext } from '../context';
import {
  commented,
  destinationRuleManifest,
  destinationRuleTlsPatch,
  meshConfigPatch,
} from '../remediation';
import { listNames, plural, type FindingSink } from './sink';

function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

function callers(p: TlsProblem): string {
  const named = [...p.clientNamespaces]
    .filter(ns => ns !== ANY_OTHER_NAMESPACE)
    .sort();
  const others = p.clientNamespaces.has(ANY_OTHER_NAMESPACE);
  if (named.length === 0) return 'every namespace with sidecars';
  const list = `${plural(named.length, 'namespace')} ${listNames(named)}`;
  return others ? `${list} and every other namespace with sidecars` : list;
}

function problemFinding(p: TlsProblem): Finding {
  const servers = listNames([...p.serverWorkloads].sort());
  const detail = {
    related: [...p.services].sort(),
    clientNamespaces: [...p.clientNamespaces].sort(),
    servers: [...p.serverWorkloads].sort(),
  };
  const [ns, name] = splitKey(p.subject);
  switch (p.rule) {
    case 'dr-tls-disable-to-strict':
      return {
        rule: p.rule,
        severity: 'critical',
        subject: p.subject,
        port: p.port,
        reason: `DestinationRule ${p.subject} sends ${
          p.setting?.mode === 'SIMPLE' ? 'one-way TLS' : 'plaintext'
        } (tls ${p.setting?.mode}) to port ${p.port} of ${listNames(
          detail.related,
        )}, but ${servers} only ${
          p.serverWorkloads.size === 1 ? 'accepts' : 'accept'
        } Istio mTLS (STRICT): calls from ${callers(p)} fail.`,
        detail,
        remediation: destinationRuleTlsPatch({
          namespace: ns,
          name,
          host: p.host,
          path: p.setting!.path,
          port: p.port,
          mode: 'ISTIO_MUTUAL',
        }),
      };
    case 'dr-istio-mutual-to-non-mesh':
      return {
        rule: p.rule,
        severity: 'high',
        subject: p.subject,
        port: p.port,
        reason: `DestinationRule ${p.subject} requires Istio mTLS to port ${
          p.port
        } of ${listNames(detail.related)}, but ${servers} ${
          p.serverWorkloads.size === 1 ? 'has' : 'have'
        } no proxy to terminate it: calls from ${callers(
          p,
        )} fail the TLS handshake.`,
        detail,
        remediation: commented(
          `or put ${servers} in the mesh and keep ISTIO_MUTUAL`,
          destinationRuleTlsPatch({
            namespace: ns,
            name,
            host: p.host,
            path: p.setting!.path,
            port: p.port,
            mode: 'DISABLE',
          }),
        ),
      };
    case 'dr-tls-disable-in-mesh':
      return {
        rule: p.rule,
        severity: 'medium',
        subject: p.subject,
        port: p.port,
        reason: `DestinationRule ${p.subject} disables TLS to port ${
          p.port
        } of ${listNames(detail.related)}, so calls from ${callers(
          p,
        )} travel in plaintext although ${servers} could accept mTLS.`,
        detail,
        remediation: destinationRuleTlsPatch({
          namespace: ns,
          name,
          host: p.host,
          path: p.setting!.path,
          port: p.port,
          mode: 'ISTIO_MUTUAL',
        }),
      };
    case 'client-plaintext-to-strict': {
      const svc = [...p.services].sort()[0];
      const [svcNs, svcName] = splitKey(svc);
      return {
        rule: p.rule,
        severity: 'critical',
        subject: p.subject,
        port: p.port,
        reason: `${p.subject} is STRICT on port ${
          p.port
        }, but auto mTLS is off and no DestinationRule sets tls for ${listNames(
          detail.related,
        )}: sidecar clients in ${callers(p)} send plaintext and fail.`,
        detail,
        remediation: destinationRuleManifest({
          namespace: svcNs,
          name: `${svcName}-mtls`,
          host: p.host,
          mode: 'ISTIO_MUTUAL',
        }),
      };
    }
    default:
      throw new Error(`unexpected client TLS rule ${(p as TlsProblem).rule}`);
  }
}

/** Client-side findings: DestinationRule conflicts and auto mTLS. */
export function clientTlsFindings(
  ctx: EngineContext,
  problems: TlsProblem[],
  sink: FindingSink,
): void {
  const { assumptions, controlPlaneNamespace } = ctx;
  if (!assumptions.enableAutoMtls) {
    sink.add({
      rule: 'auto-mtls-disabled',
      severity: 'medium',
      subject: `${assumptions.meshConfigSource ?? controlPlaneNamespace}/istio`,
      reason:
        'MeshConfig sets enableAutoMtls: false, so sidecars send plaintext to every service unless a DestinationRule asks for ISTIO_MUTUAL.',
      remediation: meshConfigPatch(
        assumptions.meshConfigSource ?? controlPlaneNamespace,
        { enableAutoMtls: true },
      ),
    });
  }
  for (const p of problems) sink.add(problemFinding(p));
}
