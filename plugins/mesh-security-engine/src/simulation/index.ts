export {
  applyChangeSet,
  changeSetFromObjects,
  CHANGE_ANNOTATION,
  describeRef,
} from './changeSet';
export type { ChangeSet, ObjectRef } from './changeSet';
export { simulateChange } from './simulate';
export type { Simulation, SimulationInput } from './simulate';
export { proposeAuthorization } from './proposeAuthorization';
export type { AuthorizationProposal } from './proposeAuthorization';
