export { FindingsList, FINDINGS_PAGE_SIZE } from './FindingsList';
export { FindingItem } from './FindingItem';
export { StrictReadyBanner } from './StrictReadyBanner';
export { Remediation } from './Remediation';
