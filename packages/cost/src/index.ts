/**
 * @clustercord/cost: OpenCost's allocation model over ClusterCord's samples —
 * attribution to a person, hourly rollups, prices over time, idle, forecasts,
 * budget decisions and the CSV export's rows. Pure: plain data in, plain data out.
 */
export {
  type Attribution,
  attribute,
  CREATED_BY_LABEL,
  type NamespaceOwner,
  namespaceOwner,
} from "./attribution";
export {
  type ClusterHourRow,
  hourOf,
  mergeClusterHour,
  mergeHour,
  mergeHours,
  rollupClusterHour,
  rollupHour,
  type UsageHourRow,
} from "./rollup";
export {
  buildSamples,
  type ClusterPass,
  clusterPass,
  type NodeLike,
  type OwnerIndex,
  type OwnerRef,
  ownerWorkload,
  type PodLike,
  type PodMetricsLike,
  type PvcLike,
  type UsageSampleRow,
} from "./samples";
export { simulateHistory } from "./simulated-history";
