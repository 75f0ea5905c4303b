import { createHash } from "node:crypto";
import { type Severity, severityRank } from "@clustercord/contracts";
import type { AlertDetails, AlertInput, AlertResource } from "./inputs";
import { type AlertRule, type AlertScope, ruleSeverity } from "./rules";

const resourceKey = (r: AlertResource) => [r.cluster, r.kind, r.namespace ?? "", r.name].join("\u0000");

/**
 * Same rule, same resource → same fingerprint (throttling, mutes, "resolved"). A finding rule also
 * keys on the finding id: two different problems on one pod are two alerts.
 */
export function fingerprint(ruleId: string, resource: AlertResource, findingId?: string): string {
  return createHash("sha256")
    .update([ruleId, resourceKey(resource), findingId ?? ""].join("\u0001"))
    .digest("hex")
    .slice(0, 24);
}

/**
 * What one message may cover: the pods of one workload, else the resources sharing one cause (an
 * image that cannot be pulled, a finding id), else the resource alone.
 */
export function groupKey(ruleId: string, resource: AlertResource, cause: string | null): string {
  const { owner } = resource;
  if (owner)
    return [ruleId, "owner", resource.cluster, resource.namespace ?? "", owner.kind, owner.name].join("|");
  if (cause) return [ruleId, "cause", resource.cluster, cause].join("|");
  // Stored in the state (JSON in PostgreSQL): no NUL separators here.
  return [ruleId, "resource", resource.cluster, resource.kind, resource.namespace ?? "", resource.name].join(
    "|",
  );
}

export function inScope(scope: AlertScope, resource: AlertResource): boolean {
  switch (scope.kind) {
    case "cluster":
      return true;
    case "namespace":
      return resource.namespace === scope.namespace;
    case "workload":
      return (
        resource.namespace === scope.namespace &&
        ((resource.owner?.kind === scope.workload && resource.owner.name === scope.name) ||
          (resource.kind === scope.workload && resource.name === scope.name))
      );
  }
}

/** One rule's reading of an observation: the condition it fires or clears. */
export interface Match {
  rule: AlertRule;
  fingerprint: string;
  groupKey: string;
  resource: AlertResource;
  firing: boolean;
  severity: Severity;
  details: AlertDetails;
  /** Finding rules: the finding, whose title, cause, evidence and recommendations the alert shows. */
  finding: { id: string; title: string; lines: string[] } | null;
}

const findingLines = (finding: Extract<AlertInput, { type: "finding" }>["finding"]): string[] => [
  finding.cause,
  ...finding.evidence.slice(0, 5).map((e) => `${e.label}: ${e.value}`),
  ...finding.recommendations.slice(0, 3).map((r) => `Try: ${r}`),
];

/** The rules an observation concerns, each with the condition it fires or clears. */
export function matchRules(rules: readonly AlertRule[], input: AlertInput): Match[] {
  const matches: Match[] = [];
  for (const rule of rules) {
    const match = matchRule(rule, input);
    if (match) matches.push(match);
  }
  return matches;
}

function matchRule(rule: AlertRule, input: AlertInput): Match | null {
  switch (input.type) {
    case "condition": {
      const { resource } = input;
      if (
        rule.type !== input.condition ||
        rule.clusterId !== resource.cluster ||
        !inScope(rule.scope, resource)
      )
        return null;
      const details = input.details ?? {};
      const cause = rule.type === "image-pull" && details.image ? `image:${details.image}` : null;
      return {
        rule,
        fingerprint: fingerprint(rule.id, resource),
        groupKey: groupKey(rule.id, resource, cause),
        resource,
        firing: input.state === "firing",
        severity: ruleSeverity(rule),
        details,
        finding: null,
      };
    }
    case "usage": {
      const { resource } = input;
      const type = input.metric === "cpu" ? "high-cpu" : "high-memory";
      if (rule.type !== type || rule.clusterId !== resource.cluster || !inScope(rule.scope, resource))
        return null;
      return {
        rule,
        fingerprint: fingerprint(rule.id, resource),
        groupKey: groupKey(rule.id, resource, null),
        resource,
        firing: input.percent >= (rule.threshold ?? 100),
        severity: ruleSeverity(rule),
        details: { percent: input.percent, ...(input.topPods ? { topPods: input.topPods } : {}) },
        finding: null,
      };
    }
    case "finding": {
      const { finding } = input;
      const resource: AlertResource = {
        cluster: input.cluster,
        ...finding.target,
        owner: input.owner ?? null,
      };
      if (rule.type !== "finding" || rule.clusterId !== input.cluster || !inScope(rule.scope, resource))
        return null;
      // A finding that dropped below the rule's severity clears the alert as if it were gone.
      const severeEnough = severityRank[finding.severity] <= severityRank[rule.minSeverity ?? "LOW"];
      return {
        rule,
        fingerprint: fingerprint(rule.id, resource, finding.id),
        groupKey: groupKey(rule.id, resource, `finding:${finding.id}`),
        resource,
        firing: input.state === "firing" && severeEnough,
        severity: finding.severity,
        details: {},
        finding: { id: finding.id, title: finding.title, lines: findingLines(finding) },
      };
    }
    default:
      return null;
  }
}
