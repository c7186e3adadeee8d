export { EntityMeshSecurityContent } from './EntityMeshSecurityContent';
