/**
 * Scaffolder module of Mesh Security: template actions that turn what the
 * mTLS tab shows into Istio policies for a pull request (STRICT mTLS for a
 * service, an access request), judged against the service's posture.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMeshSecurity as default } from './module';
export {
  createStrictGenerateAction,
  STRICT_GENERATE_ACTION_ID,
  type MeshSecurityActionOptions,
} from './actions/strictGenerate';
export {
  createAccessGenerateAction,
  ACCESS_GENERATE_ACTION_ID,
} from './actions/accessGenerate';
export type {
  PullRequestOutput,
  StrictGenerateInput,
  StrictGenerateOutput,
  AccessGenerateInput,
  AccessGenerateOutput,
} from './actions/actionTypes';
