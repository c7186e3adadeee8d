import type {
  MeshAssumptions,
  ServiceTls,
} from '@mesh-security/plugin-mesh-security-common';
import {
  evaluateClientTls,
  type SelectedService,
  type TlsProblem,
} from './clientTls';
import {
  DestinationRuleIndex,
  readDestinationRule,
  type DestinationRuleRecord,
} from './destinationRule';
import type { Inventory, PodRecord } from './inventory';
import type { PodPosture } from './posture';
import { byText } from './values';

/** Client TLS per Service, for every namespace that holds sidecar clients. */
export function serviceClientTls(args: {
  inventory: Inventory;
  services: SelectedService[];
  postureOf: Map<PodRecord, PodPosture>;
  assumptions: MeshAssumptions;
  warnings: string[];
}): { services: ServiceTls[]; problems: TlsProblem[] } {
  const { inventory, postureOf, assumptions, warnings } = args;
  const clientNamespaces = [
    ...new Set(
      [...postureOf.values()]
        .filter(p => p.dataplane === 'sidecar')
        .map(p => p.pod.namespace),
    ),
  ].sort(byText);
  const drRecords = inventory.destinationRules
    .map(o => readDestinationRule(o, warnings))
    .filter((r): r is DestinationRuleRecord => r !== null);
  return evaluateClientTls({
    services: args.services,
    clientNamespaces,
    drIndex: new DestinationRuleIndex(drRecords, assumptions.rootNamespace),
    enableAutoMtls: assumptions.enableAutoMtls,
  });
}
