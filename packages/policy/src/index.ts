/**
 * @clustercord/policy: manifest lint rules and the guide's seven cluster
 * policies (TS rule + CEL for ValidatingAdmissionPolicy), fixes, the
 * background audit and its reports. Pure: plain data in, plain data out.
 */
export { type PolicyAnswer, parsePolicyAnswer } from "./admission";
export { type AuditOptions, auditObjects, reconcileViolations, violationKey } from "./audit";
export { violationsCsv } from "./csv";
export { planFix } from "./fixes/index";
export * from "./lint/index";
export {
  containersOf,
  findPodSpec,
  getIn,
  isWorkloadKind,
  type KubeObject,
  type WorkloadKind,
  workloadKinds,
} from "./objects";
export { applyJsonPatch, setField } from "./patch";
export { type FieldPath, fieldText, jsonPointer, parsePointer } from "./path";
export {
  type CelValidation,
  getPolicy,
  type PolicyDefinition,
  policies,
  policyByKey,
} from "./policies/definitions";
export {
  MANAGED_BY,
  MANAGED_BY_LABEL,
  type PlanPolicyInput,
  POLICY_KEY_LABEL,
  POLICY_MODE_ANNOTATION,
  planPolicyObjects,
  policyObjectName,
  validationActions,
} from "./policies/plan";
export { countBySeverity, REPORT_NAME, toPolicyReports } from "./report";
export { type NamespaceLabels, type PolicyPlacement, placementCovers } from "./scope";
export { mapSelectorMatches, selectorMatches } from "./selectors";
