/**
 * The what-if worker thread: holds each cluster's kept inputs, parsed, and
 * runs the engine's simulations against them, so the main thread (serving
 * requests) never parses a cluster's objects nor evaluates a mesh. Messages
 * are defined in ./simulationMessages.
 */
import { parentPort } from 'node:worker_threads';
import { describeError } from '../sources/errors';
import { lowerThreadPriority } from '../worker/threadPriority';
import type {
  FromSimulationWorker,
  SimulationJob,
  ToSimulationWorker,
} from './simulationMessages';
import { ProposalRefused } from './simulateInCluster';
import { decodeSimulationInput, SimulationInput } from './SimulationInputStore';
import { proposed, simulated, touchedOf } from './Simulator';

function serve() {
  const port = parentPort;
  if (!port) throw new Error('the what-if worker runs in a worker thread');
  // a simulation may take seconds at scale: requests on the main thread come first
  lowerThreadPriority();
  /** per cluster: the inputs of one revision (the latest asked for) */
  const held = new Map<string, { revision: string; input: SimulationInput }>();
  const reply = (message: FromSimulationWorker, transfer: ArrayBuffer[] = []) =>
    port.postMessage(message, transfer);

  const run = (id: number, job: SimulationJob) => {
    const input = (cluster: string) => held.get(cluster)!.input;
    switch (job.type) {
      case 'simulate': {
        const result = simulated(input(job.job.cluster), job.job);
        // moved, not copied: the answer can be megabytes
        reply({ id, result }, [result.json.buffer as ArrayBuffer]);
        return;
      }
      case 'propose': {
        const result = proposed(input(job.job.cluster), job.job);
        reply(
          { id, result },
          result.map(json => json.buffer as ArrayBuffer),
        );
        return;
      }
      case 'touched':
        reply({
          id,
          result: touchedOf(
            job.change,
            job.clusters.map(c => ({ ...c, input: input(c.cluster) })),
          ),
        });
        return;
      default:
        reply({ id, error: 'unknown job' });
    }
  };

  port.on('message', (message: ToSimulationWorker) => {
    const { id } = message;
    try {
      // a cluster no longer served: its inputs (~60 MB parsed at 4x) go
      const keep = new Set([
        ...message.kept,
        ...Object.keys(message.revisions),
      ]);
      for (const cluster of [...held.keys()]) {
        if (!keep.has(cluster)) held.delete(cluster);
      }
      for (const stored of message.inputs) {
        held.set(stored.cluster, {
          revision: stored.revision,
          input: decodeSimulationInput(stored),
        });
      }
      const missing = Object.entries(message.revisions)
        .filter(
          ([cluster, revision]) => held.get(cluster)?.revision !== revision,
        )
        .map(([cluster]) => cluster);
      if (missing.length > 0) reply({ id, missing });
      else run(id, message.run);
    } catch (error) {
      reply({
        id,
        error: describeError(error),
        ...(error instanceof ProposalRefused && { refused: error.reason }),
      });
    }
  });
}

/** Where the worker loads this module from and how it starts (see startWorkerThread). */
export const simulationWorkerModule = { file: __filename, serve };
