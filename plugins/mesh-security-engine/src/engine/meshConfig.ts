import type { MeshAssumptions } from '@mesh-security/plugin-mesh-security-common';
import { parse } from 'yaml';
import type { Inventory } from './inventory';
import { asDict, asString } from './values';

/** MeshConfig defaults (docs/semantics.md §0). */
export const MESH_DEFAULTS = {
  rootNamespace: 'istio-system',
  enableAutoMtls: true,
  trustDomain: 'cluster.local',
} as const;

export const DEFAULT_CONTROL_PLANE_NAMESPACE = 'istio-system';

/**
 * Reads the MeshConfig fields the engine depends on from ConfigMap `istio`
 * (key `mesh`) in the control-plane namespace; every absent field keeps
 * Istio's default. A ConfigMap whose `mesh` cannot be read counts as absent,
 * with a warning, so the report says it used defaults.
 */
export function readMeshConfig(
  inv: Inventory,
  controlPlaneNamespace: string,
  warnings: string[],
): MeshAssumptions {
  const assumptions: MeshAssumptions = {
    ...MESH_DEFAULTS,
    trustDomainAliases: [],
    meshConfigSource: null,
  };
  const cm = inv.configMaps.find(
    c => c.name === 'istio' && c.namespace === controlPlaneNamespace,
  );
  if (!cm) return assumptions;
  const text = cm.data.mesh;
  if (text === undefined) {
    assumptions.meshConfigSource = controlPlaneNamespace;
    return assumptions;
  }
  let mesh: Record<string, unknown> | undefined;
  try {
    mesh = typeof text === 'string' ? asDict(parse(text) ?? {}) : undefined;
  } catch (e) {
    warnings.push(
      `ConfigMap ${controlPlaneNamespace}/istio: key "mesh" is not valid YAML (${
        (e as Error).message.split('\n')[0]
      }); MeshConfig defaults used`,
    );
    return assumptions;
  }
  if (!mesh) {
    warnings.push(
      `ConfigMap ${controlPlaneNamespace}/istio: key "mesh" is not a YAML mapping; MeshConfig defaults used`,
    );
    return assumptions;
  }
  assumptions.meshConfigSource = controlPlaneNamespace;
  const field = `ConfigMap ${controlPlaneNamespace}/istio: mesh`;

  const root = mesh.rootNamespace;
  if (typeof root === 'string' && root !== '') assumptions.rootNamespace = root;
  else if (root !== undefined && root !== null && root !== '') {
    warnings.push(`${field}.rootNamespace is not a string; default used`);
  }

  const autoMtls = readBool(mesh.enableAutoMtls);
  if (autoMtls !== undefined) assumptions.enableAutoMtls = autoMtls;
  else if (mesh.enableAutoMtls !== undefined && mesh.enableAutoMtls !== null) {
    warnings.push(
      `${field}.enableAutoMtls is not a boolean; default (true) used`,
    );
  }

  const td = asString(mesh.trustDomain);
  if (td) assumptions.trustDomain = td;

  const aliases = mesh.trustDomainAliases;
  if (Array.isArray(aliases)) {
    assumptions.trustDomainAliases = aliases.filter(
      (a): a is string => typeof a === 'string' && a !== '',
    );
  }
  return assumptions;
}

function readBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  // protobuf JSON accepts the string forms as well
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}
