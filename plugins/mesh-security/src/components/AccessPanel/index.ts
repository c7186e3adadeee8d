export { AccessPanel } from './AccessPanel';
export { accessGrants, STANCE_TEXT } from './accessGrants';
