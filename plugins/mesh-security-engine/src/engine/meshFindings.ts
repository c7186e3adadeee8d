import type { Finding } from '@mesh-security/plugin-mesh-security-common';
import type { TlsProblem } from './clientTls';
import type { EngineContext } from './context';
import { authorizationFindings } from './findings/authorization';
import { clientTlsFindings } from './findings/clientTls';
import { injectionFindings } from './findings/injection';
import { peerAuthenticationFindings } from './findings/peerAuthentication';
import { rootCertFindings } from './findings/rootCert';
import { FindingSink } from './findings/sink';
import type { RootCertCopy } from './rootCert';

/**
 * The audit findings of the cluster objects, sorted. The order of the
 * producers matters: for one (rule, subject, port) the first finding wins,
 * and later producers ask which findings exist.
 */
export function meshFindings(
  ctx: EngineContext,
  tlsProblems: TlsProblem[],
  rootCerts: RootCertCopy[],
): Finding[] {
  const sink = new FindingSink();
  injectionFindings(ctx, sink);
  peerAuthenticationFindings(ctx, sink);
  clientTlsFindings(ctx, tlsProblems, sink);
  authorizationFindings(ctx, sink);
  rootCertFindings(rootCerts, ctx.now, sink);
  return sink.list();
}
