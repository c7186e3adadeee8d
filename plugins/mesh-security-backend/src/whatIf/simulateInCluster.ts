import type {
  ClusterSimulation,
  MeshReport,
  SimulationResult,
} from '@mesh-security/plugin-mesh-security-common';
import {
  proposeAuthorization,
  simulateChange,
  type AuthorizationProposal,
  type ChangeSet,
  type EngineInput,
} from '@mesh-security/mesh-security-engine';
import type { SimulationInput } from './SimulationInputStore';
import type { WorkloadEntityLookup } from './workloadEntities';

/** A cluster to simulate in: its kept inputs and, when it came from them, its served report. */
export interface SimulationTarget {
  input: SimulationInput;
  /** the snapshot's report of the cluster */
  report?: MeshReport;
  unknownKinds?: string[];
}

function engineInput(target: SimulationTarget): EngineInput & {
  current?: MeshReport;
} {
  const { input, report } = target;
  return {
    objects: input.objects,
    ...(input.metrics && { metrics: input.metrics }),
    // the time of the evaluation the objects come from: time-bound results
    // (certificates, suppressions) differ only by the change
    now: new Date(input.evaluatedAt),
    ...(input.options && { options: input.options }),
    // the served report is the "before" only when it was evaluated from these
    // inputs (a refresh writes the snapshot first and the inputs just after)
    ...(report?.evaluatedAt === input.evaluatedAt && { current: report }),
  };
}

/** The engine's result for one cluster, each flow with its caller's catalog entity. */
function withEntities(
  cluster: string,
  target: SimulationTarget,
  result: SimulationResult,
  entities: WorkloadEntityLookup,
): ClusterSimulation {
  return {
    cluster,
    evaluatedAt: target.input.evaluatedAt,
    ...result,
    flows: result.flows.map(flow => {
      const sourceEntity = entities(cluster, flow.source);
      return sourceEntity ? { ...flow, sourceEntity } : flow;
    }),
    ...(target.unknownKinds?.length && { unknownKinds: target.unknownKinds }),
  };
}

/** What the change would do in the cluster; never applied anywhere. */
export function simulateInCluster(
  target: SimulationTarget,
  change: ChangeSet,
  entities: WorkloadEntityLookup,
): ClusterSimulation {
  const { result } = simulateChange({ ...engineInput(target), change });
  return withEntities(target.input.cluster, target, result, entities);
}

/**
 * A least-privilege AuthorizationPolicy for one workload of the cluster.
 * Throws the engine's Error when the cluster has no metrics or no such workload.
 */
export function proposeInCluster(
  target: SimulationTarget,
  workload: string,
  entities: WorkloadEntityLookup,
): Omit<AuthorizationProposal, 'simulation'> & {
  simulation: ClusterSimulation;
} {
  const proposal = proposeAuthorization(engineInput(target), workload);
  return {
    ...proposal,
    simulation: withEntities(
      target.input.cluster,
      target,
      proposal.simulation,
      entities,
    ),
  };
}
