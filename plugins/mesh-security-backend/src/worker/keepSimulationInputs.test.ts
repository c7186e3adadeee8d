import { mockServices } from '@backstage/backend-test-utils';
import type {
  KubeObject,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';
import { evaluateMesh } from '@mesh-security/mesh-security-engine';
import { refreshMeshSnapshot } from '../refresh/scheduleRefresh';
import type { MeshSnapshot } from '../snapshot/types';
import type { ClusterObjectSource, MetricsSource } from '../sources/types';
import type { SimulationInput } from '../whatIf/SimulationInputStore';
import { DEMO_NOW, demoMesh } from '../whatIf/__testUtils__/demoMesh';
import { keepSimulationInputs } from './keepSimulationInputs';

const demo = demoMesh();

/** What a live API server adds to the demo objects, none of which the engine reads. */
function asServed(o: KubeObject): KubeObject {
  return {
    ...o,
    metadata: {
      ...o.metadata,
      managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
      annotations: {
        ...o.metadata.annotations,
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(o),
      },
    } as KubeObject['metadata'],
    status: { observedGeneration: 3, conditions: [{ type: 'Ready' }] },
  };
}

const ok = (name: string): SourceStatus => ({
  name,
  kind: 'kubernetes',
  state: 'ok',
});

function cluster(objects: () => KubeObject[] | undefined): ClusterObjectSource {
  return {
    name: 'kubernetes',
    read: async () => {
      const list = objects();
      return [
        list
          ? { cluster: 'prod', objects: list, status: ok('kubernetes:prod') }
          : {
              cluster: 'prod',
              objects: [],
              status: {
                ...ok('kubernetes:prod'),
                state: 'error',
                message: 'connection refused',
              },
            },
      ];
    },
  };
}

const metricsSource: MetricsSource = {
  name: 'metrics-snapshot',
  read: async () => ({
    metrics: { '*': demo.metrics },
    status: { name: 'metrics-snapshot', kind: 'metrics-snapshot', state: 'ok' },
  }),
};

function setUp(objects: () => KubeObject[] | undefined) {
  const rows: Array<{ inputs: SimulationInput[]; served: string[] }> = [];
  const writeSerialized = jest.fn(
    async (
      inputs: Array<{
        cluster: string;
        evaluatedAt: string;
        slices: Iterable<string>;
      }>,
      served: string[],
    ) => {
      rows.push({
        inputs: inputs.map(({ slices, ...input }) => ({
          ...input,
          ...JSON.parse([...slices].join('')),
        })),
        served,
      });
    },
  );
  const logger = mockServices.logger.mock();
  let stored: MeshSnapshot | undefined;
  let clock = DEMO_NOW.getTime();
  const refresh = () =>
    refreshMeshSnapshot({
      clusterSources: [cluster(objects)],
      metricsSource,
      evaluate: evaluateMesh,
      store: {
        readLatest: async () => ({ snapshot: stored }),
        write: async snapshot => {
          stored = snapshot;
        },
      },
      logger,
      clock: () => new Date((clock += 60_000)),
      keepSimulationInputs: (snapshot, serialized) =>
        keepSimulationInputs({ writeSerialized }, logger, snapshot, serialized),
    });
  return { rows, writeSerialized, logger, refresh, snapshot: () => stored! };
}

describe('keepSimulationInputs', () => {
  it('keeps what each report was evaluated from, reduced to what the engine reads', async () => {
    const { rows, refresh, snapshot } = setUp(() => demo.objects.map(asServed));
    await refresh();
    expect(rows).toHaveLength(1);
    const [kept] = rows[0].inputs;
    const { report } = snapshot().clusters[0];
    expect(rows[0].served).toEqual(['prod']);
    expect(kept.cluster).toBe('prod');
    expect(kept.evaluatedAt).toBe(report.evaluatedAt);
    expect(kept.metrics).toEqual(demo.metrics);
    expect(kept.objects).toHaveLength(demo.objects.length);
    const text = JSON.stringify(kept.objects);
    expect(text).not.toContain('managedFields');
    expect(text).not.toContain('last-applied-configuration');
    expect(text).not.toContain('observedGeneration');
    // nothing the engine reads was lost: the same report comes out of them
    expect(
      evaluateMesh({
        objects: kept.objects,
        metrics: kept.metrics,
        now: new Date(kept.evaluatedAt),
      }),
    ).toEqual(report);
  });

  it('leaves the row of a cluster served stale alone, and tells which clusters are served', async () => {
    let reachable = true;
    const { rows, refresh, snapshot } = setUp(() =>
      reachable ? demo.objects : undefined,
    );
    await refresh();
    reachable = false;
    await refresh();
    expect(snapshot().clusters[0].status.state).toBe('stale');
    expect(rows[1]).toEqual({ inputs: [], served: ['prod'] });
  });

  it('never fails the refresh: a failed write is a warning and the snapshot is stored', async () => {
    const { writeSerialized, logger, refresh, snapshot } = setUp(
      () => demo.objects,
    );
    writeSerialized.mockRejectedValueOnce(new Error('database is locked'));
    await expect(refresh()).resolves.toBeUndefined();
    expect(snapshot().clusters).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not keep the cluster objects for what-if simulations: database is locked',
    );
  });
});
