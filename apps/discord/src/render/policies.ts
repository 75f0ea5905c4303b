import type {
  PoliciesAuditOutput,
  PoliciesListOutput,
  PoliciesReportOutput,
  PoliciesViolationsOutput,
  PolicyFixPlan,
  PolicySeverity,
  PolicyState,
  StoredViolation,
} from "@clustercord/contracts";
import type { APIEmbed, AttachmentPayload } from "discord.js";
import { shortTime, table } from "./helm";
import { diffExcerpt, fenced, fitLines } from "./manifests";
import { code, colors, embedLimits, plain } from "./style";

/** Violations listed in /policy violations' table; the rest are counted. */
export const VIOLATION_ROWS = 15;
const SEVERITIES: readonly PolicySeverity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"];

/** policies.planFix's answer as the worker uses it (the patch itself is shown as the diff). */
export type FixPlanView = Omit<PolicyFixPlan, "patch">;

const inCodeBlock = (text: string) => `\`\`\`\n${fenced(text)}\n\`\`\``;

// ---- list ----

export const POLICY_COLUMNS = ["POLICY", "MODE", "SEVERITY", "OPEN"] as const;

/** One policy as a /policy list row: key, mode (off when disabled), severity, open violations. */
export const policyRow = (p: PolicyState): string[] => [
  p.key,
  p.enabled ? (p.mode ?? "?") : "off",
  p.severity,
  String(p.violations),
];

/** `/policy list`: the seven policies on a cluster, as the web's Policies page shows them. */
export function renderPolicyList(out: PoliciesListOutput, clusterName: string): APIEmbed {
  const lines = [inCodeBlock(table(POLICY_COLUMNS, out.policies.map(policyRow)))];
  const drifted = out.policies.filter((p) => p.drift);
  for (const p of drifted.slice(0, 7)) lines.push(`⚠️ ${p.key} drifted: ${plain(p.drift ?? "", 300)}`);
  lines.push(
    out.canManage
      ? "Change one with `/policy enable type: mode:`, `/policy mode` or `/policy disable`."
      : out.shared
        ? "Only the cluster owner's admins change policies on this shared cluster; these are the ones that apply to you."
        : "Only this server's admins change policies.",
  );
  const audit = out.lastAuditAt ? `last audit ${shortTime(out.lastAuditAt)} UTC` : "not audited yet";
  return {
    title: `Policies on ${plain(clusterName, 100)}${out.shared ? " (shared)" : ""}`.slice(0, 256),
    color: drifted.length ? colors.warn : colors.brand,
    description: lines.join("\n").slice(0, embedLimits.description),
    footer: {
      text: `${out.policies.filter((p) => p.enabled).length} of ${out.policies.length} on · ${audit}`,
    },
  };
}

/** One policy after enable / mode / disable. */
export function renderPolicyState(state: PolicyState): APIEmbed {
  const now = state.enabled ? `${state.mode ?? "?"} mode` : "off";
  const lines = [`${plain(state.title, 200)} (${state.key}) is ${now}.`, plain(state.description, 600)];
  if (state.enabled && state.mode) {
    const effect = {
      Audit: "Objects that break it are let in and listed as violations.",
      Warn: "Objects that break it are let in with a warning.",
      Enforce: "Objects that break it are refused by the cluster.",
    }[state.mode];
    lines.push(effect);
  }
  if (state.objects.length) lines.push(`Objects: ${state.objects.map((o) => code(o, 120)).join(", ")}`);
  if (state.drift) lines.push(`⚠️ Drift: ${plain(state.drift, 300)}`);
  if (state.violations) lines.push(`${state.violations} open violation(s): \`/policy violations\`.`);
  return {
    title: `${state.key}: ${now}`,
    color: state.enabled ? colors.ok : colors.brand,
    description: lines.join("\n\n").slice(0, embedLimits.description),
  };
}

// ---- violations ----

export const VIOLATION_COLUMNS = ["SEVERITY", "POLICY", "NAMESPACE", "WORKLOAD", "CONTAINER"] as const;

const cell = (text: string, max = 48) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export const violationRow = (v: StoredViolation): string[] => [
  v.severity,
  v.policy,
  cell(v.namespace || "-"),
  cell(`${v.kind}/${v.name}`),
  cell(v.container ?? "-", 32),
];

/** The table, without the NAMESPACE column when every row is in the same one (said above the table instead). */
export function violationTable(rows: readonly StoredViolation[]): { namespace: string | null; text: string } {
  const namespaces = new Set(rows.map((v) => v.namespace));
  const [only] = namespaces;
  if (namespaces.size === 1 && only) {
    const narrow = rows.map((v) => violationRow(v).filter((_, i) => i !== 2));
    return {
      namespace: only,
      text: table(
        VIOLATION_COLUMNS.filter((c) => c !== "NAMESPACE"),
        narrow,
      ),
    };
  }
  return { namespace: null, text: table(VIOLATION_COLUMNS, rows.map(violationRow)) };
}

/** "CRITICAL 1 · HIGH 3 · MEDIUM 2" (severities with none left out). */
export function severityCounts(counts: PoliciesViolationsOutput["counts"]): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${s} ${counts[s]}`);
  return parts.length ? parts.join(" · ") : "none";
}

/** `/policy violations`: counts by severity and the first rows of the table (most severe first, as the API sorts). */
export function renderViolations(
  out: PoliciesViolationsOutput,
  options: { clusterName: string; severity?: string | undefined; namespace?: string | undefined },
): APIEmbed {
  const filters = [options.severity ? `${options.severity} and above` : "", options.namespace ?? ""]
    .filter(Boolean)
    .join(", ");
  const title =
    `Policy violations on ${plain(options.clusterName, 100)}${filters ? ` (${filters})` : ""}`.slice(0, 256);
  const audit = out.lastAuditAt ? `last audit ${shortTime(out.lastAuditAt)} UTC` : "not audited yet";
  if (out.violations.length === 0) {
    return {
      title,
      color: colors.ok,
      description: "No open violations.",
      footer: { text: audit },
    };
  }
  const shown = out.violations.slice(0, VIOLATION_ROWS);
  const more = out.violations.length - shown.length;
  const first = out.violations[0];
  const { namespace, text } = violationTable(shown);
  const lines = [
    `**${severityCounts(out.counts)}**${namespace ? ` in ${code(namespace, 70)}` : ""}`,
    inCodeBlock(text),
    ...(more > 0 ? [`…and ${more} more.`] : []),
    first?.fixAvailable
      ? `Fix one with \`/policy fix workload:${first.kind}/${first.name} violation:${first.policy}${first.namespace ? ` namespace:${first.namespace}` : ""}\`.`
      : "",
  ];
  return {
    title,
    color: out.counts.CRITICAL || out.counts.HIGH ? colors.error : colors.warn,
    description: lines.filter(Boolean).join("\n").slice(0, embedLimits.description),
    footer: { text: `${out.violations.length} open · ${audit}` },
  };
}

// ---- audit, report ----

/** `/policy audit`: what one pass found. */
export function renderAuditPass(out: PoliciesAuditOutput): APIEmbed {
  return {
    title: "Audit finished",
    color: out.open ? colors.warn : colors.ok,
    description: `${out.objects} objects checked: ${out.open} open violation(s), ${out.opened} new, ${out.resolved} resolved.`,
    footer: { text: `${shortTime(out.finishedAt)} UTC` },
  };
}

/** `/policy report`: a line about the file, and the file itself (bytes as the API made them). */
export function renderReport(
  out: PoliciesReportOutput,
  clusterName: string,
): { embed: APIEmbed; file: AttachmentPayload } {
  const kb = Math.max(1, Math.ceil(out.bytes / 1024));
  return {
    embed: {
      color: colors.brand,
      description: `Policy report for ${plain(clusterName, 100)}: ${out.violations} violation(s), ${code(out.filename, 120)} (${kb} KiB).`,
    },
    file: { attachment: Buffer.from(out.base64, "base64"), name: out.filename },
  };
}

// ---- fixes ----

/** `/policy fix`'s plan: what the fix changes, warnings, the diff, and until when Confirm works. */
export function renderFixPlan(plan: FixPlanView): APIEmbed {
  const summary = fitLines(
    plan.summary.map((s) => `• ${plain(s, 300)}`),
    1200,
    10,
  );
  const warnings = plan.warnings.slice(0, 5).map((w) => `⚠️ ${plain(w, 300)}`);
  const expires = Math.floor(new Date(plan.expiresAt).getTime() / 1000);
  const sections = [
    summary.join("\n") || "The patch changes nothing visible.",
    warnings.join("\n"),
    diffExcerpt(plan.diff, 1500),
    `Confirm <t:${expires}:R>.`,
  ];
  return {
    title: `Fix ${plan.policy} on ${plan.workload} in ${plan.namespace}`.slice(0, 256),
    color: colors.warn,
    description: sections.filter(Boolean).join("\n\n").slice(0, embedLimits.description),
  };
}
