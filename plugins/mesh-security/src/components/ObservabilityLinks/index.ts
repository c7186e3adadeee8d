export { ObservabilityLinks } from './ObservabilityLinks';
