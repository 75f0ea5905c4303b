import type { Severity } from "@clustercord/contracts";
import { classifyPullError, exitMeaning } from "@clustercord/diagnostics";
import type { AlertDetails, AlertResource } from "./inputs";
import type { AlertRuleType } from "./rules";

/** Caps that keep a message inside a Discord DM and the notification center's body. */
export const MAX_LOG_LINES = 20;
export const MAX_LISTED = 50;
const MAX_LINE = 300;
const MAX_TITLE = 200;

/** What the reducer remembers of a firing condition, enough to write its message. */
export interface ConditionContent {
  ruleType: AlertRuleType;
  resource: AlertResource;
  severity: Severity;
  details: AlertDetails;
  finding: { id: string; title: string; lines: string[] } | null;
}

export interface Link {
  label: string;
  href: string;
}

const clip = (text: string, max = MAX_LINE) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export const resourceLabel = (r: AlertResource) => (r.namespace ? `${r.namespace}/${r.name}` : r.name);
const kindLabel = (r: AlertResource) => `${r.kind} ${resourceLabel(r)}`;

/** The headline of one condition, by rule type. */
const typeHeadline: Record<AlertRuleType, (r: AlertResource, d: AlertDetails) => string> = {
  "pod-crash": (r, d) =>
    `${kindLabel(r)} is crashing${d.reason ? ` (${d.reason}${d.exitCode !== undefined ? `, exit ${d.exitCode}` : ""})` : ""}`,
  "image-pull": (r) => `${kindLabel(r)} cannot pull its image`,
  "high-cpu": (r, d) =>
    `High CPU: ${kindLabel(r)}${d.percent !== undefined ? ` at ${Math.round(d.percent)}%` : ""}`,
  "high-memory": (r, d) =>
    `High memory: ${kindLabel(r)}${d.percent !== undefined ? ` at ${Math.round(d.percent)}%` : ""}`,
  "node-not-ready": (r) => `Node ${r.name} is NotReady`,
  "job-failed": (r) => `${kindLabel(r)} failed`,
  "rollout-stuck": (r) => `Rollout of ${kindLabel(r)} is stuck`,
  budget: (r, d) => d.message?.split(";")[0] ?? `Budget alert: ${resourceLabel(r)}`,
  finding: (r) => `Finding on ${kindLabel(r)}`,
};

/** What a group's members have in common, after "N pods of Deployment shop/api". */
const groupPredicate: Record<AlertRuleType, string> = {
  "pod-crash": "are crashing",
  "image-pull": "cannot pull their image",
  "high-cpu": "use high CPU",
  "high-memory": "use high memory",
  "node-not-ready": "are NotReady",
  "job-failed": "failed",
  "rollout-stuck": "have stuck rollouts",
  budget: "are over budget",
  finding: "have findings",
};

/** The detail lines of one condition: the guide's content for each rule type. */
export function detailLines(c: ConditionContent): string[] {
  const d = c.details;
  const lines: string[] = [`Cluster: ${c.resource.cluster}`];
  if (c.resource.owner) lines.push(`Owner: ${c.resource.owner.kind} ${c.resource.owner.name}`);
  if (d.container) lines.push(`Container: ${d.container}`);
  if (d.reason) lines.push(`Reason: ${d.reason}`);
  // "137: the process was killed with SIGKILL (…)", in the diagnosis' words.
  if (d.exitCode !== undefined)
    lines.push(`Exit code: ${exitMeaning(d.exitCode).meaning.replace(/^exit code /, "")}`);
  if (d.restartCount !== undefined) lines.push(`Restarts: ${d.restartCount}`);
  if (d.image) lines.push(`Image: ${d.image}`);
  if (d.error) lines.push(`Error: ${d.error}`);
  if (c.ruleType === "image-pull")
    for (const s of classifyPullError(d.reason ?? "", d.error ?? "").recommendations) lines.push(`Try: ${s}`);
  if (d.percent !== undefined) lines.push(`Usage: ${Math.round(d.percent)}% of the limit`);
  if (d.topPods?.length) {
    lines.push("Top pods:");
    for (const p of d.topPods.slice(0, 10))
      lines.push(`  ${p.namespace}/${p.name} ${Math.round(p.percent)}%`);
  }
  if (d.message) lines.push(d.message);
  if (c.finding) lines.push(...c.finding.lines);
  if (d.logLines?.length) {
    lines.push("Last log lines:");
    for (const l of d.logLines.slice(-MAX_LOG_LINES)) lines.push(`  ${l}`);
  }
  return lines.map((l) => clip(l));
}

export function alertTitle(c: ConditionContent): string {
  return clip(
    c.finding
      ? `${c.finding.title} (${kindLabel(c.resource)})`
      : typeHeadline[c.ruleType](c.resource, c.details),
    MAX_TITLE,
  );
}

const plural = (kind: string, n: number) => (n === 1 ? kind.toLowerCase() : `${kind.toLowerCase()}s`);

/** One line per member of a grouped message: the resource and what sets it apart. */
function memberLine(c: ConditionContent): string {
  const d = c.details;
  const facts = [
    d.reason,
    d.exitCode !== undefined ? `exit ${d.exitCode}` : undefined,
    d.restartCount !== undefined ? `${d.restartCount} restarts` : undefined,
    d.percent !== undefined ? `${Math.round(d.percent)}%` : undefined,
  ].filter((f) => f !== undefined);
  return clip(`${resourceLabel(c.resource)}${facts.length ? ` (${facts.join(", ")})` : ""}`);
}

/**
 * Many resources of one workload or cause: a headline with the count, the first member's details as
 * the example (its log lines usually explain the rest), then the members, capped.
 */
export function groupedContent(members: readonly ConditionContent[]): { title: string; lines: string[] } {
  const first = members[0];
  if (!first) return { title: "", lines: [] };
  const kinds = new Set(members.map((m) => m.resource.kind));
  const what = kinds.size === 1 ? plural(first.resource.kind, members.length) : "resources";
  const owner = first.resource.owner;
  const of = owner
    ? ` of ${owner.kind} ${first.resource.namespace ? `${first.resource.namespace}/` : ""}${owner.name}`
    : "";
  const predicate = first.finding ? `: ${first.finding.title}` : ` ${groupPredicate[first.ruleType]}`;
  const title = clip(`${members.length} ${what}${of}${predicate}`, MAX_TITLE);
  const listed = members.slice(0, MAX_LISTED).map(memberLine);
  const more = members.length > MAX_LISTED ? [`… and ${members.length - MAX_LISTED} more`] : [];
  return {
    title,
    lines: [
      `Example, ${resourceLabel(first.resource)}:`,
      ...detailLines(first),
      "Affected:",
      ...listed,
      ...more,
    ],
  };
}

export function resolvedContent(members: readonly ConditionContent[]): { title: string; lines: string[] } {
  const first = members[0];
  if (!first) return { title: "", lines: [] };
  if (members.length === 1)
    return {
      title: clip(`Resolved: ${alertTitle(first)}`, MAX_TITLE),
      lines: [`Cluster: ${first.resource.cluster}`],
    };
  const listed = members.slice(0, MAX_LISTED).map((m) => resourceLabel(m.resource));
  const more = members.length > MAX_LISTED ? [`… and ${members.length - MAX_LISTED} more`] : [];
  return {
    title: clip(
      `Resolved: ${members.length} ${plural(first.resource.kind, members.length)} ${groupPredicate[first.ruleType].replace(/^are /, "were ")}`,
      MAX_TITLE,
    ),
    lines: [`Cluster: ${first.resource.cluster}`, ...listed, ...more],
  };
}

const kindPath = (kind: string) => `${kind.toLowerCase()}s`;

/** The web page of a resource (pods have their own page; the rest the generic detail page). */
export function webHref(r: {
  cluster: string;
  kind: string;
  namespace: string | null;
  name: string;
}): string {
  const cluster = encodeURIComponent(r.cluster);
  if (r.kind === "Pod" && r.namespace)
    return `/clusters/${cluster}/namespaces/${encodeURIComponent(r.namespace)}/pods/${encodeURIComponent(r.name)}`;
  const query = r.namespace ? `?namespace=${encodeURIComponent(r.namespace)}` : "";
  return `/clusters/${cluster}/resources/${kindPath(r.kind)}/${encodeURIComponent(r.name)}${query}`;
}

/** The page a message points at: the owning workload for a group, else the resource. */
export function linksFor(members: readonly ConditionContent[]): Link[] {
  const first = members[0];
  if (!first) return [];
  const owner = first.resource.owner;
  if (members.length > 1 && owner)
    return [
      {
        label: `${owner.kind} ${owner.name}`,
        href: webHref({ ...first.resource, kind: owner.kind, name: owner.name }),
      },
    ];
  return [{ label: kindLabel(first.resource), href: webHref(first.resource) }];
}
