import type {
  HelmOperation,
  HelmPlan,
  HelmRelease,
  HelmRevision,
  HelmSearchOutput,
  HelmValueChange,
} from "@clustercord/contracts";
import type { APIEmbed, AttachmentPayload } from "discord.js";
import { code, colors, embedLimits, plain } from "./style";

/** Rows per page of /helm list and /helm history: one line each, well inside a code block. */
export const HELM_PAGE_SIZE = 15;
/** Values changes listed in a plan's embed; the rest are in plan.diff. */
export const PLAN_VALUE_ROWS = 10;
/** Objects listed in an uninstall plan's embed. */
const PLAN_OBJECT_ROWS = 15;
/** Helm output lines shown while an operation runs. */
export const OUTPUT_TAIL_LINES = 12;
export const PLAN_FILE = "plan.diff";

/** Text inside a code block: a backtick fence in it cannot close the block. */
const fenced = (text: string) => text.replaceAll("```", "`\u200b``");

// ---- search ----

/** `/helm search`: the best matches, each with what install takes (`repo/chart`). */
export function renderSearch(out: HelmSearchOutput, query: string): APIEmbed {
  const title = `Charts matching "${plain(query, 100)}"`;
  const problems = out.problems.map((p) => `${p.source}: ${p.problem}`).join("; ");
  const footer = problems ? { footer: { text: `Not searched: ${problems}`.slice(0, 2048) } } : {};
  if (out.results.length === 0) {
    return { title, color: colors.brand, description: "No charts found.", ...footer };
  }
  const lines: string[] = [];
  let size = 0;
  for (const r of out.results.slice(0, 10)) {
    const marks = [r.official ? "official" : "", r.verified ? "verified" : ""].filter(Boolean).join(", ");
    const stars = r.stars === null ? "" : ` · ★ ${r.stars}`;
    const app = r.appVersion ? ` (app ${plain(r.appVersion, 40)})` : "";
    const line =
      `**${code(r.ref, 160)}** ${plain(r.version, 40)}${app}${stars}${marks ? ` · ${marks}` : ""}\n` +
      `${plain(r.description || "No description.", 200)}`;
    if (size + line.length + 2 > embedLimits.description - 100) break;
    lines.push(line);
    size += line.length + 2;
  }
  const more = out.results.length > lines.length ? `\n\n…and ${out.results.length - lines.length} more.` : "";
  return {
    title,
    color: colors.brand,
    description: `${lines.join("\n\n")}${more}\nInstall one with \`/helm install chart:<repo/chart>\`.`,
    ...footer,
  };
}

// ---- tables ----

/** Columns padded to their widest cell, separated by two spaces (a code block keeps them aligned). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** A timestamp as `YYYY-MM-DD HH:MM` (UTC), as short as a table wants it. */
export const shortTime = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "-" : d.toISOString().slice(0, 16).replace("T", " ");
};

export const RELEASE_COLUMNS = [
  "NAME",
  "NAMESPACE",
  "REVISION",
  "STATUS",
  "CHART",
  "APP",
  "UPDATED",
] as const;

/** One release as a /helm list row; the same fields, in the same order, as the web's table. */
export const releaseRow = (r: HelmRelease): string[] => [
  r.name,
  r.namespace,
  String(r.revision),
  r.status,
  `${r.chart}-${r.chartVersion}`,
  r.appVersion ?? "-",
  shortTime(r.updated),
];

/** A page of rows out of all of them, and what the footer says about it. */
export function pageOf<T>(items: readonly T[], page: number, size = HELM_PAGE_SIZE) {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  const shown = items.slice(current * size, current * size + size);
  const from = items.length ? current * size + 1 : 0;
  return {
    shown,
    page: current,
    pages,
    footer: `${from}-${current * size + shown.length} of ${items.length}`,
  };
}

/** `/helm list`: releases as helm.releases returned them, one page in a code block. */
export function renderReleases(
  releases: readonly HelmRelease[],
  options: { clusterName: string; namespace?: string | undefined; status?: string | undefined; page: number },
  state: "syncing" | "ready" = "ready",
): { embed: APIEmbed; page: number; pages: number } {
  const where = options.namespace ? `${plain(options.namespace, 63)} on ` : "";
  const filter = options.status ? ` (${options.status})` : "";
  const title = `Helm releases in ${where}${plain(options.clusterName, 100)}${filter}`.slice(0, 256);
  const syncing =
    state === "syncing" ? "Still loading this cluster's releases; the list may be incomplete.\n" : "";
  if (releases.length === 0) {
    return {
      embed: { title, color: colors.brand, description: `${syncing}No releases.` },
      page: 0,
      pages: 1,
    };
  }
  const p = pageOf(releases, options.page);
  const body = table(RELEASE_COLUMNS, p.shown.map(releaseRow));
  return {
    embed: {
      title,
      color: state === "ready" ? colors.brand : colors.warn,
      description: `${syncing}\`\`\`\n${fenced(body).slice(0, embedLimits.description - 200)}\n\`\`\``,
      footer: { text: `${p.footer} releases` },
    },
    page: p.page,
    pages: p.pages,
  };
}

export const HISTORY_COLUMNS = ["REVISION", "UPDATED", "STATUS", "CHART", "APP", "DESCRIPTION"] as const;

export const revisionRow = (r: HelmRevision): string[] => [
  String(r.revision),
  shortTime(r.updated),
  r.status,
  `${r.chart}-${r.chartVersion}`,
  r.appVersion ?? "-",
  r.description.replaceAll(/\s+/g, " ").slice(0, 60),
];

/** `/helm history`: a release's revisions, newest first, one page in a code block. */
export function renderHistory(
  revisions: readonly HelmRevision[],
  options: { release: string; namespace: string; clusterName: string; page: number },
): { embed: APIEmbed; page: number; pages: number } {
  const title = `History of ${plain(options.release, 53)} in ${plain(options.namespace, 63)}`.slice(0, 256);
  const newestFirst = [...revisions].sort((a, b) => b.revision - a.revision);
  if (newestFirst.length === 0) {
    return { embed: { title, color: colors.brand, description: "No revisions." }, page: 0, pages: 1 };
  }
  const p = pageOf(newestFirst, options.page);
  const body = table(HISTORY_COLUMNS, p.shown.map(revisionRow));
  return {
    embed: {
      title,
      color: colors.brand,
      description: `\`\`\`\n${fenced(body).slice(0, embedLimits.description - 200)}\n\`\`\``,
      footer: {
        text: `${p.footer} revisions · ${options.clusterName} · roll back with /helm rollback`.slice(0, 2048),
      },
    },
    page: p.page,
    pages: p.pages,
  };
}

// ---- plans ----

const valueRow = (c: HelmValueChange) => {
  const show = (v: string | null) => (v === null ? "(none)" : v.replaceAll(/\s+/g, " ").slice(0, 80));
  if (c.change === "added") return `+ ${c.path}: ${show(c.after)}`;
  if (c.change === "removed") return `- ${c.path}: ${show(c.before)}`;
  return `~ ${c.path}: ${show(c.before)} -> ${show(c.after)}`;
};

/** The values changes worth showing: the person's own, else the effective ones (a new chart's defaults). */
function valueChanges(plan: HelmPlan): { rows: HelmValueChange[]; label: string } {
  if (plan.values.user.length) return { rows: plan.values.user, label: "Your values" };
  return { rows: plan.values.effective, label: "Effective values" };
}

const verbs: Record<HelmPlan["kind"], string> = {
  install: "Install",
  upgrade: "Upgrade",
  rollback: "Roll back",
  uninstall: "Uninstall",
};

/** The Confirm button's label for a plan. */
export const confirmLabel = (plan: Pick<HelmPlan, "kind" | "release">) =>
  `${verbs[plan.kind]} ${plan.release}`.slice(0, 80);

/**
 * A plan as an embed: what changes (object counts, from -> to, values
 * changes: already masked by the API), the objects an uninstall deletes, and
 * warnings. The full manifest and values diffs go in the attached plan.diff.
 */
export function renderHelmPlan(plan: HelmPlan, options: { dryRun: boolean }): APIEmbed {
  const c = plan.counts;
  const lines = [
    `**Objects:** ${c.created} to create · ${c.changed} to change · ${c.deleted} to delete · ${c.unchanged} unchanged`,
  ];
  if (plan.from || plan.to)
    lines.push(`**Chart:** ${plain(plan.from ?? "(none)", 100)} -> ${plain(plan.to ?? "(none)", 100)}`);
  if (plan.kind === "uninstall") {
    const deleted = plan.objects.filter((o) => o.change === "deleted");
    const shown = deleted
      .slice(0, PLAN_OBJECT_ROWS)
      .map((o) => `• ${plain(o.kind, 60)} ${code(o.namespace ? `${o.namespace}/${o.name}` : o.name, 150)}`);
    const more =
      deleted.length > shown.length ? `\n…and ${deleted.length - shown.length} more (in ${PLAN_FILE}).` : "";
    lines.push(`**Will be deleted:**\n${shown.join("\n") || "nothing"}${more}`);
  }
  const values = valueChanges(plan);
  if (values.rows.length) {
    const rows = values.rows.slice(0, PLAN_VALUE_ROWS).map(valueRow);
    const more = values.rows.length > rows.length ? `\n… ${values.rows.length - rows.length} more` : "";
    lines.push(`**${values.label}:**\n\`\`\`diff\n${fenced(rows.join("\n"))}${more}\n\`\`\``);
  }
  for (const warning of plan.warnings.slice(0, 5)) lines.push(`⚠️ ${plain(warning, 300)}`);
  const expires = Math.floor(new Date(plan.expiresAt).getTime() / 1000);
  lines.push(
    options.dryRun
      ? "Dry run: nothing was changed."
      : `The full diff is attached as ${PLAN_FILE}. Confirm <t:${expires}:R>.`,
  );
  return {
    title: plain(plan.summary, 256),
    color: plan.kind === "uninstall" ? colors.error : colors.warn,
    description: lines.join("\n\n").slice(0, embedLimits.description),
    footer: { text: `${plan.release} in ${plan.namespace}`.slice(0, 2048) },
  };
}

/** plan.diff: every object's unified diff (Secrets masked by the API), the values diff, and the notes. */
export function planDiffText(plan: HelmPlan): string {
  const parts = [`# ${plan.summary}`];
  for (const o of plan.objects) {
    if (o.change === "unchanged") continue;
    const name = o.namespace ? `${o.namespace}/${o.name}` : o.name;
    parts.push(`# ${o.change}: ${o.kind} ${name}\n${o.diff.trimEnd()}`);
  }
  if (plan.values.diff.trim()) parts.push(`# values (effective)\n${plan.values.diff.trimEnd()}`);
  if (plan.notes.trim()) parts.push(`# notes\n${plan.notes.trimEnd()}`);
  return `${parts.join("\n\n")}\n`;
}

export const planFile = (plan: HelmPlan): AttachmentPayload => ({
  attachment: Buffer.from(planDiffText(plan), "utf8"),
  name: PLAN_FILE,
});

// ---- operations ----

const statusIcon: Record<HelmOperation["status"], string> = {
  running: "⏳",
  succeeded: "✅",
  failed: "❌",
  "rolled-back": "↩️",
  cancelled: "⏹️",
};

const operationColor = (status: HelmOperation["status"]) =>
  status === "succeeded"
    ? colors.ok
    : status === "running"
      ? colors.brand
      : status === "cancelled"
        ? colors.warn
        : colors.error;

/** The last `n` non-empty lines of Helm's output. */
export function outputTail(output: string, n = OUTPUT_TAIL_LINES): string {
  const lines = output.split("\n").filter((l) => l.trim());
  return lines.slice(-n).join("\n");
}

/** An operation while it runs (Helm's last lines) and once it ends (the API's one-sentence message). */
export function renderOperation(op: HelmOperation): APIEmbed {
  const running = op.status === "running";
  const headline = running
    ? `${op.kind === "rollback" ? "Rolling back" : `${verbs[op.kind].replace(/e$/, "")}ing`} ${op.release}…`
    : op.message || `${op.release}: ${op.status}`;
  const tail = outputTail(op.output);
  const output = tail ? `\n\`\`\`\n${fenced(tail).slice(-1500)}\n\`\`\`` : "";
  return {
    color: operationColor(op.status),
    description: `${statusIcon[op.status]} ${plain(headline, 500)}${running || op.status !== "succeeded" ? output : ""}`,
    footer: {
      text: `${op.release} in ${op.namespace} · ${op.status}${op.revision ? ` · revision ${op.revision}` : ""}`,
    },
  };
}
