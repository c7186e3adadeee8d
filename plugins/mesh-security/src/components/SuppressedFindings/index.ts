export { SuppressedFindings } from './SuppressedFindings';
