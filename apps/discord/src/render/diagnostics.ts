import {
  type DiagnoseTarget,
  type DiagnosticsClusterOutput,
  type DiagnosticsRunOutput,
  type Finding,
  type FindingHistorySummary,
  type Severity,
  severityRank,
} from "@clustercord/contracts";
import type { APIEmbed, APIEmbedField } from "discord.js";
import { shortTime } from "./helm";
import { code, colors, embedLimits, fitFields, plain } from "./style";

const SEVERITIES: readonly Severity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
const severityIcon: Record<Severity, string> = { CRITICAL: "🔴", HIGH: "🟠", MEDIUM: "🟡", LOW: "🔵" };
/** Discord's limits on one field. */
const FIELD_NAME_MAX = 256;
const FIELD_VALUE_MAX = 1024;
/**
 * Per finding: the first evidence lines and recommendations (the web page shows them all). Six lines
 * hold a grouped crash's affected pods, state, restarts, exit code, reason and the limit.
 */
const EVIDENCE_SHOWN = 6;
const RECOMMENDATIONS_SHOWN = 2;
/** Kinds named in a footer; a tenant's list is three or four long. */
const UNREAD_SHOWN = 8;

/** A finding as the worker uses it: the fix by its description (the web page shows and applies the patch). */
export type FindingView = Omit<Finding, "fix"> & { fix?: { description: string } | undefined };
/** diagnostics.run's answer as tRPC hands it over (a patch op's `value` arrives optional). */
export type DiagnosisOutput = Omit<DiagnosticsRunOutput, "findings"> & { findings: FindingView[] };
/** diagnostics.cluster's answer as tRPC hands it over. */
export type HealthOutput = Omit<DiagnosticsClusterOutput, "findings"> & { findings: FindingView[] };

export interface DiagnosisView {
  clusterId: string;
  clusterName: string;
  /** The web dashboard's address (PUBLIC_URL); without it the reply names the dashboard instead of linking. */
  webUrl?: string | undefined;
}

const enc = encodeURIComponent;
const clusterPageUrl = (webUrl: string, clusterId: string) =>
  `${webUrl.replace(/\/+$/, "")}/clusters/${enc(clusterId)}`;
/** The cluster's Health page, which shows a whole pass. */
export const healthPageUrl = (webUrl: string, clusterId: string) =>
  `${clusterPageUrl(webUrl, clusterId)}/health`;
/** Workload kind → the resource browser's key ("Deployment" → "deployments"). */
const kindKey = (kind: string) => `${kind.toLowerCase()}s`;

/**
 * The web page of what was diagnosed (where its Diagnose button is): pods have
 * their own page, a namespace the cluster's Health page, other kinds the
 * resource browser's detail page.
 */
export function diagnosisPageUrl(webUrl: string, clusterId: string, target: DiagnoseTarget): string {
  const cluster = clusterPageUrl(webUrl, clusterId);
  if (target.kind === "Pod") return `${cluster}/namespaces/${enc(target.namespace)}/pods/${enc(target.name)}`;
  if (target.kind === "Namespace") return `${cluster}/health?namespace=${enc(target.name)}`;
  if (target.kind === "Node") return `${cluster}/resources/nodes/${enc(target.name)}`;
  return `${cluster}/resources/${kindKey(target.kind)}/${enc(target.name)}?namespace=${enc(target.namespace)}`;
}

/** "Deployment `payments` in `shop`", "Node `kwok-node-0`". */
function targetText(target: DiagnoseTarget): string {
  const where = "namespace" in target ? ` in ${code(target.namespace, 70)}` : "";
  return `${target.kind} ${code(target.name, 120)}${where}`;
}

/** Evidence values can be log lines: one line each, inside inline code. */
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** Lines joined within `max` characters; a line that does not fit ends the value with "…". */
function within(lines: readonly string[], max: number): string {
  let out = "";
  for (const line of lines) {
    const next = out ? `${out}\n${line}` : line;
    if (next.length > max) return out ? `${out}\n…` : `${line.slice(0, max - 1)}…`;
    out = next;
  }
  return out;
}

/** One finding as a field: severity and title; cause, its history line, the first evidence, recommendations, the fix. */
export function findingField(
  f: FindingView,
  diagnosed: DiagnoseTarget,
  history?: FindingHistorySummary | undefined,
): APIEmbedField {
  // A workload's or namespace's findings may be about another object (a pod, a Service): say which.
  const about =
    f.target.kind !== diagnosed.kind || f.target.name !== diagnosed.name
      ? ` (${f.target.kind} ${plain(f.target.name, 253)})`
      : "";
  const name = `${severityIcon[f.severity]} ${f.severity} · ${plain(f.title, 200)}${about}`;
  const evidence = f.evidence
    .slice(0, EVIDENCE_SHOWN)
    .map((e) => `• ${plain(oneLine(e.label), 90)}: ${code(oneLine(e.value), 120)}`);
  if (f.evidence.length > EVIDENCE_SHOWN) evidence.push(`• …and ${f.evidence.length - EVIDENCE_SHOWN} more`);
  const recommendations = f.recommendations.slice(0, RECOMMENDATIONS_SHOWN).map((r) => `→ ${plain(r, 220)}`);
  const lines = [
    plain(f.cause, 400),
    // Right after the cause, so the field's length limit never cuts it.
    ...(history ? [`🕘 ${plain(history.line, 300)}`] : []),
    ...evidence,
    ...recommendations,
    ...(f.fix ? [`🛠️ Suggested fix: ${plain(f.fix.description, 200)}`] : []),
  ];
  return {
    name: name.length <= FIELD_NAME_MAX ? name : `${name.slice(0, FIELD_NAME_MAX - 1)}…`,
    value: within(lines, FIELD_VALUE_MAX),
  };
}

/** "CRITICAL 1 · HIGH 2" (severities with none left out). */
export function severityCounts(findings: readonly FindingView[]): string {
  return SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s} ${n}`)
    .join(" · ");
}

/** "checked <time> UTC · not read: <kinds>". */
function checkedFooter(out: { checkedAt: string; unread: readonly string[] }): { text: string } {
  const unread =
    out.unread.slice(0, UNREAD_SHOWN).join(", ") + (out.unread.length > UNREAD_SHOWN ? ", …" : "");
  return { text: `checked ${shortTime(out.checkedAt)} UTC${unread ? ` · not read: ${unread}` : ""}` };
}

/** A clean answer, naming what could not be read so it is not taken for a full one. */
function clean(base: APIEmbed, where: string, unread: readonly string[]): APIEmbed {
  const lines = [`✅ No problems found in ${where}.`];
  if (unread.length)
    lines.push(
      `Could not read ${unread.map((k) => code(k, 60)).join(", ")} (your role may not, or the cluster did not answer): a problem there would not show up.`,
    );
  return { ...base, color: colors.ok, description: lines.join("\n").slice(0, embedLimits.description) };
}

const severityColor: Record<Severity, number> = {
  CRITICAL: colors.error,
  HIGH: colors.error,
  MEDIUM: colors.warn,
  LOW: colors.brand,
};

/**
 * `/diagnose`: diagnostics.run's answer as one embed, one field per finding,
 * most severe first, cut to Discord's limits with a pointer to the web page
 * (which shows everything, fix patches included). What could not be read is
 * always named, so a clean answer is not taken for a full one.
 */
export function renderDiagnosis(out: DiagnosisOutput, view: DiagnosisView): APIEmbed {
  const findings = [...out.findings].sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
  const url = view.webUrl ? diagnosisPageUrl(view.webUrl, view.clusterId, out.target) : undefined;
  const title = `Diagnosis of ${out.target.kind} ${plain(out.target.name, 200)}`.slice(0, 256);
  const where = `${targetText(out.target)} on ${plain(view.clusterName, 100)}`;
  const footer = checkedFooter(out);
  const base = { title, ...(url ? { url } : {}), footer };

  if (findings.length === 0) return clean(base, where, out.unread);

  const summary = `**${findings.length} finding${findings.length === 1 ? "" : "s"}** (${severityCounts(findings)}) for ${where}.`;
  const more = (n: number) =>
    `…and ${n} more: see ${url ? `[the web page](${url})` : "this object's page in the web dashboard"}.`;
  // Room for the "…and N more" line whether or not it is needed: the budget must hold in both cases.
  const reserved = title.length + summary.length + footer.text.length + more(findings.length).length + 2;
  const fitted = fitFields(
    findings.map((f) => findingField(f, out.target, out.history?.[f.fingerprint])),
    embedLimits.total - reserved,
  );
  return {
    ...base,
    color: severityColor[findings[0]?.severity ?? "LOW"],
    description: [summary, ...(fitted.omitted ? [more(fitted.omitted)] : [])].join("\n"),
    fields: fitted.fields,
  };
}

/** Namespaces named in a pass's summary; the web page lists them all. */
const SCOPE_NAMESPACES_SHOWN = 5;
const CLUSTER_WIDE = "🌐 Cluster-wide";

/** One finding of a pass as one line: severity icon, title, and its object unless the title names it. */
export function healthLine(f: FindingView): string {
  const about = f.title.includes(f.target.name) ? "" : ` · ${f.target.kind} ${code(f.target.name, 120)}`;
  return `${severityIcon[f.severity]} ${plain(f.title, 200)}${about}`;
}

/**
 * Namespace groups (in the order given) as fields: "📁 <namespace>" or
 * "🌐 Cluster-wide", one line per finding, a group longer than a field going
 * on in the next under "(continued)".
 */
function groupFields(groups: ReadonlyMap<string | null, readonly string[]>): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  for (const [namespace, lines] of groups) {
    const name = namespace === null ? CLUSTER_WIDE : `📁 ${namespace}`;
    let value = "";
    for (const line of lines) {
      if (value && value.length + 1 + line.length > FIELD_VALUE_MAX) {
        fields.push({ name: fields.some((f) => f.name === name) ? `${name} (continued)` : name, value });
        value = "";
      }
      value = value ? `${value}\n${line}` : line;
    }
    if (value)
      fields.push({ name: fields.some((f) => f.name === name) ? `${name} (continued)` : name, value });
  }
  return fields;
}

/** "the whole cluster", "your namespace `a`", "your 3 namespaces `a`, `b`, `c`". */
function scopeText(scope: HealthOutput["scope"]): string {
  if (scope.kind === "cluster") return "the whole cluster";
  const { namespaces } = scope;
  const named =
    namespaces
      .slice(0, SCOPE_NAMESPACES_SHOWN)
      .map((n) => code(n, 70))
      .join(", ") + (namespaces.length > SCOPE_NAMESPACES_SHOWN ? ", …" : "");
  return namespaces.length === 1
    ? `your namespace ${named}`
    : `your ${namespaces.length} namespaces ${named}`;
}

/**
 * `/diagnose` without a target: diagnostics.cluster's pass as a health
 * summary, the counts by severity, then the most severe findings grouped by
 * namespace (the namespace with the worst finding first). What is shown is
 * always a prefix of the API's list, so the count of the rest is exact and
 * the web's Health page picks up where the embed stops.
 */
export function renderHealth(out: HealthOutput, view: DiagnosisView): APIEmbed {
  const findings = [...out.findings].sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
  const url = view.webUrl ? healthPageUrl(view.webUrl, view.clusterId) : undefined;
  const title = `Health of ${plain(view.clusterName, 200)}`.slice(0, 256);
  const where = `${scopeText(out.scope)} on ${plain(view.clusterName, 100)}`;
  const footer = checkedFooter(out);
  const base = { title, ...(url ? { url } : {}), footer };
  if (out.total === 0) return clean(base, where, out.unread);

  const summary = [
    `**${out.total} finding${out.total === 1 ? "" : "s"}** in ${where}.`,
    SEVERITIES.map((s) => `${severityIcon[s]} ${s} ${out.bySeverity[s] ?? 0}`).join(" · "),
  ].join("\n");
  const more = (n: number) =>
    `…and ${n} more: see ${url ? `[the web page](${url})` : "the cluster's Health page in the web dashboard"}.`;
  // As in renderDiagnosis: room for the "…and N more" line whether or not it is needed.
  const budget =
    embedLimits.total - (title.length + summary.length + footer.text.length + more(out.total).length + 1);

  // Findings in the API's order until the next one no longer fits: a prefix, grouped by namespace.
  const groups = new Map<string | null, string[]>();
  let fields: APIEmbedField[] = [];
  let shown = 0;
  for (const f of findings) {
    const trial = new Map([...groups].map(([ns, lines]) => [ns, [...lines]]));
    const ns = f.target.namespace;
    trial.set(ns, [...(trial.get(ns) ?? []), healthLine(f)]);
    const laid = groupFields(trial);
    const size = laid.reduce((n, field) => n + field.name.length + field.value.length, 0);
    if (laid.length > embedLimits.fields || size > budget) break;
    groups.set(ns, trial.get(ns) ?? []);
    fields = laid;
    shown++;
  }
  const rest = out.total - shown;
  const worst = SEVERITIES.find((s) => (out.bySeverity[s] ?? 0) > 0) ?? findings[0]?.severity ?? "LOW";
  return {
    ...base,
    color: severityColor[worst],
    description: [summary, ...(rest > 0 ? [more(rest)] : [])].join("\n"),
    fields,
  };
}
