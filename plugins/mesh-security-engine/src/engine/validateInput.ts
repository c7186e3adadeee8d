import { parseMeshMetrics } from '../metrics';
import type { EngineInput } from './types';

/** Rejects input the engine cannot evaluate, before any cluster work. */
export function validateInput(input: EngineInput): void {
  if (!input || !Array.isArray(input.objects))
    throw new TypeError(
      'evaluateMesh: input.objects must be an array of Kubernetes objects',
    );
  if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime())) {
    throw new TypeError('evaluateMesh: input.now must be a valid Date');
  }
  // Metrics may come from any adapter; a malformed sample must stop the
  // evaluation (before the cluster work) rather than skew shares silently.
  if (input.metrics !== undefined) parseMeshMetrics(input.metrics);
}
