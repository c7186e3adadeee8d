export type { EngineInput, EngineOptions } from './types';
export { evaluateMesh } from './evaluate';
export { workloadSelector } from './remediation';
