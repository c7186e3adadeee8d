export { GroupMeshScorecardCard } from './GroupMeshScorecardCard';
