export { TeamScorecard } from './TeamScorecard';
export type { TeamScorecardProps } from './TeamScorecard';
export { GradeBadge } from './GradeBadge';
export { SeverityCounts, severityRank } from './SeverityCounts';
