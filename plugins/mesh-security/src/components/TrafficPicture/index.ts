export { TrafficPicture } from './TrafficPicture';
export { TrafficGraph } from './TrafficGraph';
export { TrafficTable, TRAFFIC_PAGE_SIZE } from './TrafficTable';
export {
  trafficGraphModel,
  DEFAULT_GRAPH_EDGE_LIMIT,
} from './trafficGraphModel';
export { flowSecurity, flowSecurityText } from './flowSecurity';
