export { EntityTrends } from './EntityTrends';
export { TeamTrend } from './TeamTrend';
