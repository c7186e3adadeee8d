import type {
  AuthorizationProposalView,
  ClusterSimulation,
  SimulationResult,
} from '@mesh-security/plugin-mesh-security-common';
import {
  evaluateMesh,
  proposeAuthorization,
  simulateChange,
  type ChangeSet,
  type EngineInput,
} from '@mesh-security/mesh-security-engine';
import type { SimulationInput } from './SimulationInputStore';
import type { WorkloadEntityLookup } from './workloadEntities';

/**
 * The engine's input for a cluster: its kept objects and metrics at the time
 * they were evaluated, so that time-bound results (certificates,
 * suppressions) differ only by the change. The "before" is evaluated from
 * them as well: the served report was evaluated from exactly these inputs.
 */
function engineInput(input: SimulationInput): EngineInput {
  return {
    objects: input.objects,
    ...(input.metrics && { metrics: input.metrics }),
    now: new Date(input.evaluatedAt),
    ...(input.options && { options: input.options }),
  };
}

/** The engine's result for one cluster, each flow with its caller's catalog entity. */
function withEntities(
  input: SimulationInput,
  result: SimulationResult,
  entities: WorkloadEntityLookup,
  unknownKinds: string[] | undefined,
): ClusterSimulation {
  const { cluster } = input;
  return {
    cluster,
    evaluatedAt: input.evaluatedAt,
    ...result,
    flows: result.flows.map(flow => {
      const sourceEntity = entities(cluster, flow.source);
      return sourceEntity ? { ...flow, sourceEntity } : flow;
    }),
    ...(unknownKinds?.length && { unknownKinds }),
  };
}

/** What the change would do in the cluster; never applied anywhere. */
export function simulateInCluster(
  input: SimulationInput,
  change: ChangeSet,
  entities: WorkloadEntityLookup,
  unknownKinds?: string[],
): ClusterSimulation {
  const { result } = simulateChange({ ...engineInput(input), change });
  return withEntities(input, result, entities, unknownKinds);
}

/** Why no proposal can be made: answered 400 (`no-metrics`) or 404 (`no-workload`). */
export class ProposalRefused extends Error {
  constructor(readonly reason: 'no-metrics' | 'no-workload', message: string) {
    super(message);
    this.name = 'ProposalRefused';
  }
}

/**
 * A least-privilege AuthorizationPolicy for each workload (`namespace/name`)
 * of the cluster, in order; the cluster is evaluated once for all of them.
 */
export function proposeInCluster(
  input: SimulationInput,
  workloads: string[],
  entities: WorkloadEntityLookup,
  unknownKinds?: string[],
): AuthorizationProposalView[] {
  const { cluster } = input;
  if (!input.metrics) {
    throw new ProposalRefused(
      'no-metrics',
      `Cluster ${cluster} has no traffic metrics: a least-privilege proposal needs the observed callers`,
    );
  }
  const current = evaluateMesh(engineInput(input));
  return workloads.map(workload => {
    let proposal;
    try {
      proposal = proposeAuthorization(
        { ...engineInput(input), current },
        workload,
      );
    } catch (error) {
      // the workload of the served report is gone from the kept objects (a refresh in between)
      const message = (error as Error)?.message;
      if (/^no workload /.test(message))
        throw new ProposalRefused(
          'no-workload',
          `Cluster ${cluster}: ${message}`,
        );
      throw error;
    }
    return {
      cluster,
      ...proposal,
      simulation: withEntities(
        input,
        proposal.simulation,
        entities,
        unknownKinds,
      ),
    };
  });
}
