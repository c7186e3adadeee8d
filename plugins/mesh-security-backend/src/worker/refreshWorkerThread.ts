/**
 * The refresh worker thread: evaluates clusters and serializes them, so the
 * main thread (serving requests) never runs the engine nor stringifies a
 * whole report. Messages are defined in ./messages.
 */
import { parentPort } from 'node:worker_threads';
import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import {
  evaluateMesh,
  reduceObject,
} from '@mesh-security/mesh-security-engine';
import { describeError } from '../sources/errors';
import type { StoredText } from '../snapshot/storedPayload';
import { ChunkPool } from './chunkPool';
import { ClusterJob, ClusterJobRunner, LastGoodNeeded } from './clusterJob';
import { readAndEvaluatePlan } from './kubernetesReadJob';
import type { ToMain, ToWorker } from './messages';
import { MetricsHolder } from './metricsHolder';
import { lowerThreadPriority } from './threadPriority';

function serve() {
  const port = parentPort;
  if (!port) throw new Error('the refresh worker runs in a worker thread');
  lowerThreadPriority();
  const runner = new ClusterJobRunner(evaluateMesh, new ChunkPool());
  const jobs = new Map<number, { job: ClusterJob; fromLists: boolean }>();
  const held = new MetricsHolder();
  const reply = (message: ToMain) => port.postMessage(message);
  /** `read` jobs waiting for stored last good lists, by `id cluster` */
  const lastGoodWaits = new Map<
    string,
    {
      resolve: (lastGood?: StoredText) => void;
      reject: (error: Error) => void;
    }
  >();

  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'begin':
        jobs.set(message.id, {
          job: message.job,
          fromLists: message.objectsFromLists,
        });
        return;
      case 'objects': {
        const entry = jobs.get(message.id);
        if (!entry) return;
        const into: KubeObject[] | undefined =
          message.list === undefined
            ? entry.job.read.objects
            : entry.job.read.lists?.[message.list]?.objects;
        // reduced as they arrive: the rest of a served object is garbage at once
        for (const object of message.objects) into?.push(reduceObject(object));
        return;
      }
      case 'readMetrics': {
        const { id, plan } = message;
        held.read(id, plan).then(
          answer => reply({ id, type: 'metrics', ...answer }),
          error => reply({ id, type: 'metrics', error: describeError(error) }),
        );
        return;
      }
      case 'holdMetrics': {
        const { id, metrics } = message;
        try {
          held.hold(id, metrics);
          reply({ id, type: 'metrics' });
        } catch (error) {
          reply({ id, type: 'metrics', error: describeError(error) });
        }
        return;
      }
      case 'read': {
        const { id, plan } = message;
        let context = message.context;
        try {
          if (context.heldMetrics !== undefined) {
            context = {
              ...context,
              metrics: held.metrics(context.heldMetrics),
            };
          }
        } catch (error) {
          reply({ id, type: 'done', error: describeError(error) });
          return;
        }
        readAndEvaluatePlan(
          plan,
          context,
          runner,
          (cluster, ref) =>
            new Promise((resolve, reject) => {
              lastGoodWaits.set(`${id} ${cluster}`, { resolve, reject });
              reply({ id, type: 'needs', cluster, ref });
            }),
          // its texts are shared memory: not copied, and not counted as the main thread's (see packedTexts)
          outcome => reply({ id, type: 'outcome', outcome }),
        ).then(
          () => reply({ id, type: 'done' }),
          error => reply({ id, type: 'done', error: describeError(error) }),
        );
        return;
      }
      case 'lastGood': {
        const key = `${message.id} ${message.cluster}`;
        const wait = lastGoodWaits.get(key);
        lastGoodWaits.delete(key);
        if (message.error) wait?.reject(new Error(message.error));
        else wait?.resolve(message.lastGood);
        return;
      }
      case 'release':
        runner.release(message.refs);
        return;
      case 'provide':
        runner.provide(message.cluster, message.ref, message.lastGood);
        return;
      case 'run': {
        const entry = jobs.get(message.id);
        if (!entry) {
          reply({ id: message.id, error: 'unknown job' });
          return;
        }
        const { job, fromLists } = entry;
        if (fromLists) {
          job.read.objects = (job.read.lists ?? []).flatMap(
            l => l.objects ?? [],
          );
        }
        try {
          if (job.heldMetrics !== undefined) {
            const metrics = held.metrics(job.heldMetrics);
            job.metrics = metrics[job.read.cluster] ?? metrics['*'];
          }
          const result = runner.run(job);
          jobs.delete(message.id);
          // shared, not copied (see packedTexts)
          reply({ id: message.id, result });
        } catch (error) {
          if (error instanceof LastGoodNeeded) {
            reply({ id: message.id, needs: error.ref });
            return;
          }
          jobs.delete(message.id);
          reply({ id: message.id, error: describeError(error) });
        }
        return;
      }
      default:
    }
  });
}

/** Where the worker loads this module from (`.ts` under jest and `package start`, `.cjs.js` once built) and how it starts. */
export const refreshWorkerModule = { file: __filename, serve };
