import type {
  Finding,
  MeshReport,
  SimulationResult,
  WorkloadChange,
  WorkloadModeView,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import { evaluateMesh } from '../engine/evaluate';
import type { EngineInput } from '../engine/types';
import {
  applyChangeSet,
  describeRef,
  refOf,
  type ChangeSet,
} from './changeSet';
import { flowChanges } from './flowChanges';

/** Input of {@link simulateChange}. @public */
export interface SimulationInput extends EngineInput {
  change: ChangeSet;
  /** the report of `objects` + `metrics` when the caller already has it (the backend does) */
  current?: MeshReport;
}

/** The full outcome: the summary users read, and the report after the change for further views. @public */
export interface Simulation {
  result: SimulationResult;
  after: MeshReport;
}

function view(w: WorkloadPosture | undefined): WorkloadModeView | null {
  if (!w) return null;
  return {
    dataplane: w.dataplane,
    mtlsMode: w.mtlsMode,
    ...(w.portModes ? { portModes: w.portModes } : {}),
    decidedBy: w.decidedBy,
    stance: w.authorization.stance,
  };
}

const sameView = (a: WorkloadModeView | null, b: WorkloadModeView | null) =>
  JSON.stringify(a) === JSON.stringify(b);

const findingKey = (f: Finding) =>
  `${f.rule}\u0000${f.subject}\u0000${f.port ?? ''}`;

/**
 * What-if: evaluates the objects with a change applied (never to a cluster)
 * and reports how workloads, findings and every observed flow would differ.
 * With `current` given, the cost is one evaluation plus a linear diff.
 * @public
 */
export function simulateChange(input: SimulationInput): Simulation {
  const { change, current, ...engineInput } = input;
  const before = current ?? evaluateMesh(engineInput);
  const after = evaluateMesh({
    ...engineInput,
    objects: applyChangeSet(engineInput.objects, change),
  });

  const workloads: WorkloadChange[] = [];
  const keys = new Set([
    ...Object.keys(before.workloads),
    ...Object.keys(after.workloads),
  ]);
  for (const key of [...keys].sort()) {
    const was = view(before.workloads[key]);
    const now = view(after.workloads[key]);
    if (!sameView(was, now))
      workloads.push({ workload: key, before: was, after: now });
  }

  const beforeKeys = new Set(before.findings.map(findingKey));
  const afterKeys = new Set(after.findings.map(findingKey));
  const flows = input.metrics
    ? flowChanges(
        before,
        after,
        input.metrics,
        change,
        new Set(workloads.map(w => w.workload)),
      )
    : [];
  const breaking = flows.filter(f => f.outcome === 'breaks');
  return {
    result: {
      changed: [
        ...change.apply.flatMap(o => {
          const ref = refOf(o);
          return ref ? [describeRef(ref)] : [];
        }),
        ...change.delete.map(r => `${describeRef(r)} (deleted)`),
      ],
      workloads,
      findingsAdded: after.findings.filter(f => !beforeKeys.has(findingKey(f))),
      findingsRemoved: before.findings.filter(
        f => !afterKeys.has(findingKey(f)),
      ),
      flows,
      breaking: {
        flows: breaking.length,
        rate: breaking.reduce((t, f) => t + f.rate, 0),
      },
      trafficJudged: input.metrics !== undefined,
    },
    after,
  };
}
