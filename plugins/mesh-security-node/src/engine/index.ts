export type { EngineInput, EngineOptions } from './types';
