export { WhatIfPanel } from './WhatIfPanel';
export { WorkloadEntityLink } from './WorkloadEntityLink';
