export { policyDrift, strayPolicyDrift } from "./drift";
export { limitRangeDefault, peakUsage, podMatchesSelector, runningDigests } from "./fix-facts";
export {
  applyPolicyObjects,
  deletePolicyObjects,
  type LivePolicyObjects,
  readPolicyObjects,
} from "./objects";
export {
  dryRunApply,
  readFixFacts,
  readLimitRangeDefaults,
  readWorkload,
  WORKLOAD_API_VERSIONS,
} from "./workload";
