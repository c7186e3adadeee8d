export { WorkloadCard } from './WorkloadCard';
export { DecisionChain } from './DecisionChain';
export { policySummaryYaml } from './policySummaryYaml';
