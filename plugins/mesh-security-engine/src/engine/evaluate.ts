import type { MeshReport } from '@mesh-security/plugin-mesh-security-common';
import {
  AuthorizationIndex,
  readAuthorizationPolicy,
  type AuthzPolicyRecord,
} from './authorization';
import type { EngineContext } from './context';
import { buildInventory } from './inventory';
import { attachMayCall } from './mayCall';
import { DEFAULT_CONTROL_PLANE_NAMESPACE, readMeshConfig } from './meshConfig';
import { meshFindings } from './meshFindings';
import { meshReport } from './meshReport';
import { mergeTraffic } from './mergeTraffic';
import { namespaceMeshes } from './namespaceMeshes';
import { PeerAuthIndex, readPeerAuthentication } from './peerAuthentication';
import { podPostures } from './podPostures';
import { readRootCerts } from './rootCert';
import { serviceClientTls } from './serviceClientTls';
import { selectedServices, selectServicePods } from './servicePods';
import { recordServicePortProtocols } from './servicePortProtocols';
import { applySuppressions } from '../suppressions';
import type { EngineInput } from './types';
import { validateInput } from './validateInput';
import { workloadModels } from './workloadModels';
import { workloadPods } from './workloadPods';
import { workloadSelectors } from './workloadSelectors';

/**
 * The posture engine: cluster objects (and optional metrics) in, the mesh
 * report out. Pure: no I/O, no clock; `input.now` is the evaluation time.
 * Semantics: docs/semantics.md; finding ids and severities: docs/rules.md.
 *
 * The phases run in order, and the order matters: selecting Service pods marks
 * the ports they serve, which the pod postures read; warnings keep the order
 * in which objects are read.
 * @public
 */
export function evaluateMesh(input: EngineInput): MeshReport {
  validateInput(input);
  const options = input.options ?? {};
  const controlPlaneNamespace =
    options.controlPlaneNamespace || DEFAULT_CONTROL_PLANE_NAMESPACE;

  // Inventory and mesh-wide settings.
  const inventory = buildInventory(input.objects);
  const warnings = [...inventory.warnings];
  const assumptions = readMeshConfig(
    inventory,
    controlPlaneNamespace,
    warnings,
  );
  const root = assumptions.rootNamespace;
  const isSystemNamespace = (ns: string) =>
    ns === controlPlaneNamespace || ns === root;
  const namespaceMesh = namespaceMeshes(inventory);

  // Pods per workload, the Services that select them, the mode of each pod and port.
  const { podsByNamespace, podsByWorkload } = workloadPods(
    inventory,
    namespaceMesh,
  );
  const servicePods = selectServicePods(inventory.services, podsByNamespace);
  const peerAuthPolicies = inventory.peerAuthentications.map(o =>
    readPeerAuthentication(o, root, warnings),
  );
  const peerAuth = new PeerAuthIndex(peerAuthPolicies);
  const { postureOf, posturesByWorkload } = podPostures(
    podsByWorkload,
    namespaceMesh,
    peerAuth,
  );
  const services = selectedServices(servicePods, postureOf);

  // Workloads with their authorization, who they may call, how their ports are spoken to.
  const authzPolicies = inventory.authorizationPolicies
    .map(o => readAuthorizationPolicy(o, root, warnings))
    .filter((p): p is AuthzPolicyRecord => p !== null);
  const authz = new AuthorizationIndex(authzPolicies);
  const { workloads, authzInMesh, authzAll } = workloadModels(
    posturesByWorkload,
    inventory.controllers,
    authz,
    isSystemNamespace,
  );
  attachMayCall(workloads, assumptions);
  recordServicePortProtocols(services, workloads);

  // Client TLS towards each Service.
  const clientTls = serviceClientTls({
    inventory,
    services,
    postureOf,
    assumptions,
    warnings,
  });

  // Findings, the report, then traffic and suppressions over it.
  const ctx: EngineContext = {
    now: input.now,
    assumptions,
    controlPlaneNamespace,
    inventory,
    namespaceMesh,
    isSystemNamespace,
    podsByNamespace,
    postureOf,
    workloads,
    services,
    servicesByKey: new Map(services.map(s => [s.key, s])),
    peerAuth,
    peerAuthPolicies,
    authz,
    authzPolicies,
    authzInMesh,
    authzAll,
    selectorFor: workloadSelectors(workloads),
  };
  const rootCerts = readRootCerts(inventory, controlPlaneNamespace, warnings);
  const report = meshReport({
    now: input.now,
    assumptions,
    workloads,
    services: clientTls.services,
    findings: meshFindings(ctx, clientTls.problems, rootCerts),
    rootCerts,
    warnings,
  });
  if (input.metrics) mergeTraffic(report, input.metrics, options);
  return applySuppressions(report, {
    objects: input.objects,
    suppressions: options.suppressions,
    now: input.now,
  });
}
