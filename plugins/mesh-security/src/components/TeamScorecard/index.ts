export { TeamScorecard } from './TeamScorecard';
export type { TeamScorecardProps } from './TeamScorecard';
export { GradeBadge } from './GradeBadge';
export { SeverityCounts, SeverityLabel, severityRank } from './SeverityCounts';
export { StatusLabel } from './StatusLabel';
export type { StatusKind } from './StatusLabel';
export { MtlsModeLabel } from './MtlsModeLabel';
export { HealthLabel } from './HealthLabel';
export { formatShare, formatRps } from './formatShare';
