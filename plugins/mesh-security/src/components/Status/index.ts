export { StatusLabel, type StatusLevel } from './StatusLabel';
export { MtlsModeStatus, mtlsModeMeaning } from './MtlsModeStatus';
export { HealthStatus, HEALTH_RANK } from './HealthStatus';
export { DataplaneStatus, dataplaneDescription } from './DataplaneStatus';
export { SeverityChip } from './SeverityChip';
