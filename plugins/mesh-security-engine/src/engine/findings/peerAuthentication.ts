import type { EngineContext, WorkloadModel } from '../context';
import type { PeerAuthPolicy } from '../peerAuthentication';
import { MODE_STRENGTH, type PodPosture } from '../posture';
import { commented, peerAuthenticationManifest } from '../remediation';
import { listNames, type FindingSink } from './sink';

const DEFAULT_CONTROL_PLANE = 'istio-system';

function strictFor(ctx: EngineContext, w: WorkloadModel): string {
  const winner = w.representative.composition?.workloadPolicies[0];
  if (winner?.selector) {
    // tighten the workload policy already in effect rather than adding a competing one
    return commented(
      `replaces spec.mtls of ${winner.key}; keep its portLevelMtls if you rely on them`,
      peerAuthenticationManifest({
        namespace: winner.namespace,
        name: winner.name,
        selector: winner.selector,
        mode: 'STRICT',
      }),
    );
  }
  return peerAuthenticationManifest({
    namespace: w.posture.namespace,
    name: `${w.posture.name}-strict`,
    selector: ctx.selectorFor(`${w.posture.namespace}/${w.posture.name}`),
    mode: 'STRICT',
  });
}

function decided(w: WorkloadModel): string {
  return w.posture.decidedBy
    ? `PeerAuthentication ${w.posture.decidedBy}`
    : "Istio's default (no PeerAuthentication sets a mode)";
}

/** PeerAuthentication findings (docs/rules.md mtls-* and peerauthentication-*). */
export function peerAuthenticationFindings(
  ctx: EngineContext,
  sink: FindingSink,
): void {
  const root = ctx.assumptions.rootNamespace;

  for (const [key, w] of ctx.workloads) {
    const p = w.posture;
    if (ctx.isSystemNamespace(p.namespace)) continue;
    if (p.mixedPods) {
      const groups = new Map<string, string[]>();
      for (const pod of w.pods) {
        const g = `${pod.dataplane}/${pod.mtlsMode}`;
        groups.set(g, [...(groups.get(g) ?? []), pod.pod.name]);
      }
      sink.add({
        rule: 'workload-mixed-posture',
        severity: 'medium',
        subject: key,
        reason: `Pods of ${key} disagree: ${[...groups]
          .map(([g, pods]) => `${listNames(pods, 3)} ${g.replace('/', ' ')}`)
          .join('; ')}; the report shows the weakest.`,
        detail: { pods: Object.fromEntries(groups) },
      });
    }
    // a gateway's listeners come from its Gateway servers: PeerAuthentication modes do not apply
    const sidecar = p.dataplane === 'sidecar' && !p.gateway;
    if (sidecar && p.mtlsMode === 'DISABLE') {
      sink.add({
        rule: 'mtls-disabled',
        severity: 'high',
        subject: key,
        reason: `${key} has mTLS DISABLE (set by ${decided(
          w,
        )}): it only accepts plaintext, so its traffic is unencrypted and callers are anonymous.`,
        remediation: strictFor(ctx, w),
      });
    }
    if (sidecar && p.mtlsMode === 'PERMISSIVE') {
      sink.add({
        rule: 'mtls-permissive',
        severity: 'low',
        subject: key,
        reason: `${key} is PERMISSIVE (${decided(
          w,
        )}): it still accepts plaintext from callers outside the mesh.`,
        remediation: strictFor(ctx, w),
      });
    }
    for (const [port, mode] of Object.entries(p.portModes ?? {})) {
      if (p.gateway || MODE_STRENGTH[mode] >= MODE_STRENGTH[p.mtlsMode])
        continue;
      const winner = w.representative.composition?.workloadPolicies[0];
      sink.add({
        rule: 'mtls-port-exception',
        severity: 'medium',
        subject: key,
        port: Number(port),
        reason: `Port ${port} of ${key} is ${mode} while the rest of the workload is ${
          p.mtlsMode
        } (portLevelMtls of ${winner?.key ?? 'its workload policy'}).`,
        ...(winner?.selector
          ? {
              remediation: peerAuthenticationManifest({
                namespace: winner.namespace,
                name: winner.name,
                selector: winner.selector,
                mode: winner.mode,
                portLevelMtls: Object.fromEntries(
                  winner.portLevel.map(e => [
                    String(e.port),
                    e.port === Number(port) ? 'UNSET' : e.mode,
                  ]),
                ),
              }),
            }
          : {}),
      });
    }
  }

  // Conflicts at mesh and namespace level.
  for (const { loser, winner } of ctx.peerAuth.levelLosers) {
    const level =
      loser.scope === 'mesh'
        ? 'mesh-wide'
        : `namespace-wide (${loser.namespace})`;
    sink.add({
      rule: 'peerauthentication-conflict',
      severity: 'medium',
      subject: loser.key,
      reason: `PeerAuthentication ${loser.key} is ignored: ${winner.key} is an older ${level} policy and Istio applies only one per level.`,
      detail: { related: [winner.key] },
    });
  }

  // Conflicts between workload policies, and what ambient does with DISABLE.
  const ambientDisable = new Map<string, Set<string>>();
  const workloadLosers = new Map<
    string,
    { winner: string; workloads: Set<string> }
  >();
  for (const pod of ctx.postureOf.values()) {
    const c = pod.composition;
    if (!c) continue;
    for (const loser of c.workloadPolicies.slice(1)) {
      let entry = workloadLosers.get(loser.key);
      if (!entry)
        workloadLosers.set(
          loser.key,
          (entry = { winner: c.workloadPolicies[0].key, workloads: new Set() }),
        );
      entry.workloads.add(pod.workloadKey);
    }
    if (pod.dataplane === 'ambient')
      ambientDisablePolicies(pod).forEach(k =>
        addTo(ambientDisable, k, pod.workloadKey),
      );
  }
  for (const [loserKey, { winner, workloads }] of workloadLosers) {
    sink.add({
      rule: 'peerauthentication-conflict',
      severity: 'medium',
      subject: loserKey,
      reason: `PeerAuthentication ${loserKey} is ignored for ${listNames(
        workloads,
      )}: the older workload policy ${winner} selects the same pods and Istio applies only one.`,
      detail: { related: [winner, ...workloads] },
    });
  }
  for (const [policy, workloads] of ambientDisable) {
    sink.add({
      rule: 'ambient-peerauthentication-disable',
      severity: 'low',
      subject: policy,
      reason: `PeerAuthentication ${policy} sets DISABLE for ambient ${listNames(
        workloads,
      )}; ztunnel does not support DISABLE and treats it as PERMISSIVE (plaintext accepted, mTLS between ambient pods continues).`,
      detail: { related: [...workloads] },
    });
  }

  for (const pa of ctx.peerAuthPolicies) {
    if (pa.scope === 'root-selector-ignored') {
      sink.add({
        rule: 'peerauthentication-selector-in-root-ignored',
        severity: 'medium',
        subject: pa.key,
        reason: `PeerAuthentication ${pa.key} has a selector but lives in the root namespace ${root}, where Istio ignores selector policies; create it in the namespace of the workloads it should cover.`,
      });
    }
    if (
      pa.scope === 'namespace' &&
      (pa.namespace === DEFAULT_CONTROL_PLANE ||
        pa.namespace === ctx.controlPlaneNamespace) &&
      pa.namespace !== root
    ) {
      sink.add({
        rule: 'peerauthentication-not-mesh-wide',
        severity: 'low',
        subject: pa.key,
        reason: `PeerAuthentication ${pa.key} looks mesh-wide but the mesh root namespace is ${root}, so it only covers namespace ${pa.namespace}.`,
        remediation: peerAuthenticationManifest({
          namespace: root,
          name: pa.name,
          mode: pa.mode,
        }),
      });
    }
    if (pa.scope === 'workload' && pa.portLevel.length > 0)
      unknownPortFindings(ctx, pa, sink);
  }
}

function addTo(map: Map<string, Set<string>>, key: string, value: string) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** Policies whose DISABLE is in effect on an ambient pod (workload mode or a served port). */
function ambientDisablePolicies(pod: PodPosture): string[] {
  const c = pod.composition!;
  const out: string[] = [];
  if (c.mode === 'DISABLE' && c.decidedBy) out.push(c.decidedBy);
  const winner = c.workloadPolicies[0];
  if (
    winner &&
    winner.portLevel.some(
      e => e.mode === 'DISABLE' && pod.servedPorts.includes(e.port),
    )
  )
    out.push(winner.key);
  return out;
}

function unknownPortFindings(
  ctx: EngineContext,
  pa: PeerAuthPolicy,
  sink: FindingSink,
): void {
  const pods =
    ctx.podsByNamespace.get(pa.namespace)?.select(pa.selector!) ?? [];
  if (pods.length === 0) return;
  const served = new Set<number>();
  const servicePortToTarget = new Map<number, Set<number>>();
  for (const pod of pods) {
    const posture = ctx.postureOf.get(pod);
    posture?.servedPorts.forEach(p => served.add(p));
  }
  const services = new Set(
    pods.flatMap(pod => ctx.postureOf.get(pod)?.services ?? []),
  );
  for (const svcKey of services) {
    const svc = ctx.servicesByKey.get(svcKey);
    if (!svc) continue;
    for (const port of svc.record.ports) {
      const target =
        typeof port.targetPort === 'number' ? port.targetPort : undefined;
      if (target !== undefined && target !== port.port)
        addNum(servicePortToTarget, port.port, target);
    }
  }
  for (const { port } of pa.portLevel) {
    if (served.has(port)) continue;
    const targets = servicePortToTarget.get(port);
    const hint = targets
      ? ` It looks like a Service port: the pods receive it on target port ${[
          ...targets,
        ].join(', ')}, which is the number portLevelMtls needs.`
      : '';
    sink.add({
      rule: 'portlevelmtls-unknown-port',
      severity: 'medium',
      subject: pa.key,
      port,
      reason: `portLevelMtls of ${pa.key} names port ${port}, which the selected pods neither declare nor receive from a Service, so the setting has no effect.${hint}`,
      ...(targets?.size === 1
        ? {
            remediation: peerAuthenticationManifest({
              namespace: pa.namespace,
              name: pa.name,
              selector: pa.selector!,
              mode: pa.mode,
              portLevelMtls: Object.fromEntries(
                pa.portLevel.map(e => [
                  String(e.port === port ? [...targets][0] : e.port),
                  e.mode,
                ]),
              ),
            }),
          }
        : {}),
    });
  }
}

function addNum(map: Map<number, Set<number>>, key: number, value: number) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}
