export {
  EntityMeshSecurityCard,
  type EntityMeshSecurityCardProps,
} from './EntityMeshSecurityCard';
