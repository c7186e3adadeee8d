import { mockServices } from '@backstage/backend-test-utils';
import { report, workload } from '../__testUtils__/fixtures';
import type { MeshSnapshot } from '../snapshot/types';
import { Redactor } from '../sources/redact';
import {
  ClusterEvaluator,
  InProcessEvaluator,
} from '../worker/ClusterEvaluator';
import type { ClusterObjectSource } from '../sources/types';
import { refreshMeshSnapshot } from './scheduleRefresh';

const SECRET = 'hunter22';

describe('refreshMeshSnapshot', () => {
  it('passes the messages it stores and logs through the redactor of the configured secrets', async () => {
    // a source that does not clean what it repeats, and one that throws it
    const echoing: ClusterObjectSource = {
      name: 'kubernetes',
      read: async () => [
        {
          cluster: 'prod',
          objects: [],
          status: {
            name: 'kubernetes:prod',
            kind: 'kubernetes',
            state: 'error',
            message: `proxy said: password=${encodeURIComponent(SECRET)}`,
          },
        },
      ],
    };
    const throwing: ClusterObjectSource = {
      name: 'manifests',
      read: async () => {
        throw new Error(`cannot read with ${SECRET}`);
      },
    };
    const written: MeshSnapshot[] = [];
    const logger = mockServices.logger.mock();
    await refreshMeshSnapshot({
      clusterSources: [echoing, throwing],
      evaluate: () => report([workload('shop/a')]),
      store: {
        readLatest: async () => ({}),
        write: async snapshot => {
          written.push(snapshot);
        },
      },
      logger,
      redactor: Redactor.create({
        basicAuth: { username: 'prom', password: SECRET },
      }),
    });

    expect(written[0].sources.map(s => s.message)).toEqual([
      'proxy said: password=<redacted>',
      'cannot read with <redacted>',
    ]);
    expect(JSON.stringify(written[0])).not.toContain(SECRET);
    const logged = JSON.stringify(logger.warn.mock.calls);
    expect(logged).toContain('<redacted>');
    expect(logged).not.toContain(SECRET);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('lets the evaluator reuse the memory of the texts it handed over only once they are written, written or not', async () => {
    const source: ClusterObjectSource = {
      name: 'manifests',
      read: async () => [
        {
          cluster: 'prod',
          objects: [],
          status: { name: 'manifests', kind: 'manifests', state: 'ok' },
        },
      ],
    };
    const steps: string[] = [];
    const engine = new InProcessEvaluator(() => report([workload('shop/a')]));
    const evaluator: ClusterEvaluator = {
      evaluate: (job, loadLastGood) => engine.evaluate(job, loadLastGood),
      release: refs => {
        steps.push(`release ${refs.length}`);
      },
    };
    const run = (write: () => Promise<void>) =>
      refreshMeshSnapshot({
        clusterSources: [source],
        evaluator,
        store: { write },
        keepSimulationInputs: async (_snapshot, serialized) => {
          steps.push(`keep ${serialized.size}`);
        },
        onRefreshed: async () => {
          steps.push('refreshed');
        },
        logger: mockServices.logger.mock(),
      });

    await run(async () => {
      steps.push('write');
    });
    expect(steps).toEqual(['write', 'keep 1', 'release 1', 'refreshed']);

    steps.length = 0;
    await expect(
      run(async () => {
        throw new Error('database gone');
      }),
    ).rejects.toThrow('database gone');
    expect(steps).toEqual(['release 1']);
  });
});
