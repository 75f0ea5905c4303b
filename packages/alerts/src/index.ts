/**
 * @clustercord/alerts: alert noise control as one pure reducer. Observations from the watch caches,
 * metrics samples and diagnostics go in with `now`; out come the next state (plain JSON, stored by the
 * jobs runner) and the deliveries: throttled, grouped per workload or cause, muted, held through quiet
 * hours and outside business hours, gathered into daily and weekly digests, and "resolved" when a
 * delivered condition clears.
 */
export {
  AlertPrefsSpec,
  type AlertsConfig,
  BusinessHours,
  DEFAULT_BUSINESS_HOURS,
  DEFAULT_DIGEST,
  DEFAULT_PREFS,
  DEFAULT_THROTTLE_MS,
  DigestSchedule,
  prefsOf,
  type RecipientPrefs,
  Weekday,
} from "./config";
export { type Link, webHref } from "./content";
export type { Delivery, DeliveryChannel, DeliveryKind } from "./deliveries";
export type { AlertDetails, AlertInput, AlertResource, ConditionType, MuteTarget, TopPod } from "./inputs";
export { fingerprint } from "./matching";
export {
  diffFindings,
  diffObservations,
  type LooseObject,
  needsLogs,
  type Observation,
  type ObservedObjects,
  observationKey,
  observe,
  ownerResolver,
  type PodUsage,
  usageInputs,
} from "./observe";
export {
  AlertMuteSpec,
  AlertRule,
  AlertRuleSpec,
  AlertRuleType,
  AlertScope,
  alertRuleTypes,
  defaultSeverity,
  PersonChannelKind,
  ruleErrors,
  Subscriber,
  WorkloadKind,
} from "./rules";
export { type AlertAction, type AlertsState, emptyState } from "./state";
export { type StepResult, step, stepAll } from "./step";
