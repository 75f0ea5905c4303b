/**
 * The Policies page's pure rules: severities, scope and exclusions as text
 * and back, filters. No React, no I/O (apps/web/test/policies-web.test.ts).
 */
import {
  type LabelSelector,
  type PoliciesAuditOutput,
  type PolicyExclusions,
  PolicyKey,
  type PolicyMode,
  type PolicyScope,
  PolicySeverity,
  type PolicyViolation,
} from "@clustercord/contracts";

export type Tone = "neutral" | "good" | "warn" | "bad" | "accent";

export function policiesHref(clusterId: string): string {
  return `/clusters/${encodeURIComponent(clusterId)}/policies`;
}

const severityTones: Record<PolicySeverity, Tone> = {
  CRITICAL: "bad",
  HIGH: "bad",
  MEDIUM: "warn",
  LOW: "neutral",
  INFO: "neutral",
};

export function severityTone(severity: PolicySeverity): Tone {
  return severityTones[severity];
}

/** 0 for CRITICAL, up to 4 for INFO: sorts the most severe first. */
export function severityRank(severity: PolicySeverity): number {
  return PolicySeverity.options.indexOf(severity);
}

/** The severity filter's choices: "Critical", "High and above", … */
export function severityFilterLabel(severity: PolicySeverity): string {
  const word = severity.charAt(0) + severity.slice(1).toLowerCase();
  return severity === "CRITICAL" ? word : `${word} and above`;
}

const modeHelp: Record<PolicyMode, string> = {
  Audit: "Audit: allowed, listed as a violation",
  Warn: "Warn: allowed with a warning, listed as a violation",
  Enforce: "Enforce: refused at admission",
};

export function modeDescription(mode: PolicyMode): string {
  return modeHelp[mode];
}

export function selectorText(selector: LabelSelector): string {
  const labels = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const expressions = (selector.matchExpressions ?? []).map((e) => {
    if (e.operator === "Exists") return e.key;
    if (e.operator === "DoesNotExist") return `!${e.key}`;
    return `${e.key} ${e.operator === "In" ? "in" : "notin"} (${(e.values ?? []).join(", ")})`;
  });
  const all = [...labels, ...expressions];
  return all.length ? all.join(", ") : "every namespace";
}

/** Where an enabled policy applies, in words. */
export function scopeText(scope: PolicyScope | null): string {
  if (!scope) return "Not enabled";
  const system = scope.includeKubeSystem ? " (kube-system included)" : " (kube-system left out)";
  if (scope.kind === "cluster") return `Whole cluster${system}`;
  return `Namespaces matching ${selectorText(scope.selector)}${system}`;
}

export function exclusionsText(exclusions: { namespaces: string[]; labels: Record<string, string> }): string {
  const parts: string[] = [];
  if (exclusions.namespaces.length) parts.push(`namespaces ${exclusions.namespaces.join(", ")}`);
  const labels = Object.entries(exclusions.labels).map(([k, v]) => `${k}=${v}`);
  if (labels.length) parts.push(`objects labelled ${labels.join(", ")}`);
  return parts.length ? parts.join("; ") : "none";
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** "dev, staging" → namespace names; the first bad one is named. */
export function parseNamespaces(text: string): Parsed<string[]> {
  const names = words(text);
  const bad = names.find((n) => n.length > 63 || !NAMESPACE.test(n));
  if (bad) return { ok: false, problem: `"${bad}" is not a namespace name (lowercase letters, digits, -).` };
  return { ok: true, value: [...new Set(names)] };
}

/** "team=a, tier=web" → labels; the first bad pair is named. */
export function parseLabels(text: string): Parsed<Record<string, string>> {
  const labels: Record<string, string> = {};
  for (const pair of words(text)) {
    const eq = pair.indexOf("=");
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? "" : pair.slice(eq + 1);
    if (eq === -1 || !LABEL_KEY.test(key) || key.length > 317)
      return { ok: false, problem: `"${pair}" is not a label such as app.kubernetes.io/part-of=demo.` };
    if (value.length > 63 || !LABEL_VALUE.test(value))
      return { ok: false, problem: `"${value}" is not a label value (in ${pair}).` };
    labels[key] = value;
  }
  return { ok: true, value: labels };
}

/** The enable form's exclusions, or the first problem with them. */
export function parseExclusions(namespaces: string, labels: string): Parsed<PolicyExclusions> {
  const ns = parseNamespaces(namespaces);
  if (!ns.ok) return ns;
  const lb = parseLabels(labels);
  if (!lb.ok) return lb;
  return { ok: true, value: { namespaces: ns.value, labels: lb.value } };
}

/** The enable form's scope: the default (null), or namespaces picked by labels. */
export function parseScope(selectorLabels: string): Parsed<PolicyScope | null> {
  if (!selectorLabels.trim()) return { ok: true, value: null };
  const lb = parseLabels(selectorLabels);
  if (!lb.ok) return lb;
  return { ok: true, value: { kind: "namespaces", selector: { matchLabels: lb.value } } };
}

const WORKLOAD = /^[A-Za-z]+\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Why a typed workload filter cannot be used, or null ("" is no filter). */
export function workloadProblem(text: string): string | null {
  if (!text.trim() || WORKLOAD.test(text.trim())) return null;
  return "Type a workload as <kind>/<name>, such as Deployment/api.";
}

export function workloadOf(v: Pick<PolicyViolation, "kind" | "name">): string {
  return `${v.kind}/${v.name}`;
}

/** One row's identity: a policy, an object and the container at fault. */
export function violationKey(
  v: Pick<PolicyViolation, "policy" | "namespace" | "kind" | "name" | "container">,
): string {
  return [v.policy, v.namespace, v.kind, v.name, v.container ?? ""].join("/");
}

export function isPolicyKey(value: string | null): value is PolicyKey {
  return PolicyKey.safeParse(value).success;
}

export function isSeverity(value: string | null): value is PolicySeverity {
  return PolicySeverity.safeParse(value).success;
}

/** "Checked 42 objects: 3 open violations (1 new, 2 resolved)." */
export function auditSummary(
  out: Pick<PoliciesAuditOutput, "objects" | "open" | "opened" | "resolved">,
): string {
  const open = `${out.open} open ${out.open === 1 ? "violation" : "violations"}`;
  return `Checked ${out.objects} ${out.objects === 1 ? "object" : "objects"}: ${open} (${out.opened} new, ${out.resolved} resolved).`;
}

/** The resource browser's key for a workload kind: Deployment → deployments (every workload kind takes an s). */
export function kindKey(kind: string): string {
  return `${kind.toLowerCase()}s`;
}

/** Labels as the forms take them: "team=a, tier=web". */
export function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}
