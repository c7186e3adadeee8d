export { CoverageGauges } from './CoverageGauges';
