/**
 * Mesh security for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
export { default } from './alpha/plugin';
export { meshSecurityApi } from './alpha/apis';
export { entityMeshSecurityContent } from './alpha/entityContent';
export { entityMeshSecurityCard } from './alpha/entityCards';
export { meshSecurityOverviewPage } from './alpha/pages';
export { entityGroupMeshScorecardCard } from './alpha/groupCards';
