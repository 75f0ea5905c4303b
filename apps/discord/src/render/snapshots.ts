import type {
  ChangedObject,
  RestoreAction,
  RestoreStep,
  SnapshotObjectRef,
  SnapshotSchedule,
  SnapshotSummary,
  SnapshotsDiffOutput,
  SnapshotsDownloadOutput,
  SnapshotsGetOutput,
  SnapshotsListOutput,
  SnapshotsPlanRestoreOutput,
  SnapshotsRestoreOutput,
} from "@clustercord/contracts";
import type { APIEmbed, APIEmbedField, AttachmentPayload } from "discord.js";
import { discordTime } from "./jobs";
import { code, colors, embedLimits, plain } from "./style";

/**
 * `/cluster snapshot` replies (guide feature 11): a snapshot while it is taken
 * and once ready, the list, a download, a diff (counts, then the first
 * changes; the whole list attached when long), a restore plan and its
 * outcome, and schedules. Pure: they render what snapshots.* answered.
 * A Secret's change is named by its keys only: field values of Secrets are
 * never printed, whatever the API sent.
 */

const STATUS: Record<SnapshotSummary["status"], { icon: string; label: string; color: number }> = {
  running: { icon: "⏳", label: "Taking", color: colors.brand },
  ready: { icon: "✅", label: "Ready", color: colors.ok },
  failed: { icon: "❌", label: "Failed", color: colors.error },
};

/** Lines of changes or steps shown in an embed before the rest goes to the attachment. */
export const INLINE_LINES = 15;
const DESCRIPTION_BUDGET = 3_000;

/** "812 B", "4.2 KiB", "1.25 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/** `Kind namespace/name`, or `Kind name` for cluster-scoped objects. */
export const objectLabel = (o: SnapshotObjectRef) =>
  `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;

const isSecret = (o: SnapshotObjectRef) => o.kind === "Secret" && (o.apiVersion === "v1" || !o.apiVersion);

/** Who took it: a Discord user id as a mention (never a ping: the worker sends none), anything else as text. */
const byWhom = (createdBy: string) =>
  /^\d{17,20}$/.test(createdBy) ? `<@${createdBy}>` : plain(createdBy, 60);

const scopeText = (s: Pick<SnapshotSummary, "scope" | "namespaces">) =>
  s.scope === "cluster"
    ? "whole cluster"
    : s.namespaces.length
      ? s.namespaces
          .slice(0, 10)
          .map((n) => code(n, 70))
          .join(", ") + (s.namespaces.length > 10 ? ` and ${s.namespaces.length - 10} more` : "")
      : "your namespaces";

export interface SnapshotView {
  /** The API's sentence from snapshots.create, shown on top. */
  message?: string | undefined;
  /** Following stopped before it ended. */
  givenUp?: boolean;
}

/** `/cluster snapshot create`: progress while it runs, then what it holds (or why it failed). */
export function renderSnapshot(out: SnapshotsGetOutput, view: SnapshotView = {}): APIEmbed {
  const s = out.snapshot;
  const status = STATUS[s.status];
  const fields: APIEmbedField[] = [
    { name: "Status", value: status.label, inline: true },
    { name: "ID", value: code(s.id, 80), inline: true },
    { name: "Cluster", value: plain(s.clusterName, 100), inline: true },
    { name: "Scope", value: scopeText(s).slice(0, 1024), inline: true },
    { name: "Taken by", value: byWhom(s.createdBy), inline: true },
  ];
  if (s.status === "running") {
    const { objects, kindsDone, kinds } = s.progress;
    fields.push({
      name: "Progress",
      value: `${objects} object${objects === 1 ? "" : "s"} · ${kindsDone}/${kinds || "?"} kinds`,
      inline: true,
    });
  } else if (s.status === "ready") {
    fields.push(
      { name: "Objects", value: String(s.objectCount), inline: true },
      { name: "Size", value: formatBytes(s.bytes), inline: true },
    );
    if (s.kubernetesVersion)
      fields.push({ name: "Kubernetes", value: plain(s.kubernetesVersion, 40), inline: true });
    const kinds = [...out.kinds].sort((a, b) => b.count - a.count);
    if (kinds.length) {
      const shown = kinds.slice(0, 12).map((k) => `${plain(k.kind, 60)} ${k.count}`);
      const more = kinds.length - shown.length;
      fields.push({
        name: "Kinds",
        value: `${shown.join(" · ")}${more ? ` · and ${more} more` : ""}`.slice(0, 1024),
      });
    }
  }
  if (s.error) fields.push({ name: "Error", value: plain(s.error, 1000) });
  const parts: string[] = [];
  // The API's "started" sentence belongs to the running state; once ended, the status says it.
  if (view.message && s.status === "running") parts.push(plain(view.message, 500));
  if (s.status === "running" && !view.givenUp)
    parts.push("Taking the snapshot… this message updates itself.");
  if (view.givenUp) {
    parts.push("Stopped following; the snapshot is still being taken. See it with /cluster snapshot list.");
  }
  if (s.status === "ready") parts.push("Secrets inside stay sealed with the vault's encryption.");
  const title = `${status.icon} Snapshot ${s.description ? `'${s.description}'` : s.id}`;
  return {
    title: plain(title, 256),
    color: status.color,
    ...(parts.length ? { description: parts.join("\n\n") } : {}),
    fields,
    timestamp: s.finishedAt ?? s.createdAt,
  };
}

/** A snapshot's summary as the first state of a following reply (kinds come with snapshots.get). */
export const justTaken = (snapshot: SnapshotSummary): SnapshotsGetOutput => ({
  snapshot,
  kinds: [],
  namespaceCounts: [],
});

function listLine(s: SnapshotSummary): string {
  const parts = [`${STATUS[s.status].icon} ${code(s.id, 70)}`];
  if (s.description) parts.push(plain(s.description, 80));
  parts.push(plain(s.clusterName, 40));
  if (s.status === "ready") parts.push(`${s.objectCount} objects`, formatBytes(s.bytes));
  else parts.push(STATUS[s.status].label.toLowerCase());
  if (s.scheduleId) parts.push("scheduled");
  parts.push(discordTime(s.createdAt), `by ${byWhom(s.createdBy)}`);
  return parts.join(" · ");
}

/** Lines as many as fit in `budget` characters, then how many were left out. */
function fitLines(lines: readonly string[], budget: number): { text: string; omitted: number } {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget) break;
    kept.push(line);
    used += line.length + 1;
  }
  return { text: kept.join("\n"), omitted: lines.length - kept.length };
}

/** `/cluster snapshot list`: newest first, with status, size and who took each. */
export function renderSnapshotList(out: SnapshotsListOutput, clusterName?: string): APIEmbed {
  const title = `Snapshots${clusterName ? ` of ${clusterName}` : ""}`;
  if (!out.snapshots.length) {
    return {
      title: plain(title, 256),
      color: colors.brand,
      description: "No snapshots yet. Take one with /cluster snapshot create.",
    };
  }
  const newest = [...out.snapshots].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const { text, omitted } = fitLines(newest.map(listLine), embedLimits.description - 100);
  return {
    title: plain(`${title} (${out.snapshots.length})`, 256),
    color: colors.brand,
    description: `${text}${omitted ? `\n… and ${omitted} older` : ""}`,
  };
}

/** `/cluster snapshot download` when the archive is attached. */
export function renderDownloadAttached(id: string, out: SnapshotsDownloadOutput): APIEmbed {
  return {
    title: "📦 Snapshot archive",
    color: colors.ok,
    description:
      `${code(out.filename, 150)} (${formatBytes(out.bytes)}) is attached: YAML per namespace and kind, ` +
      "plus manifest.json. Secrets inside stay sealed.",
    footer: { text: `snapshot ${id}`.slice(0, 100) },
  };
}

/** `/cluster snapshot download` when the archive is over Discord's limit: the short-lived link. */
export function renderDownloadLink(id: string, out: SnapshotsDownloadOutput, limitBytes: number): APIEmbed {
  return {
    title: "📦 Snapshot archive",
    color: colors.brand,
    description:
      `${code(out.filename, 150)} is ${formatBytes(out.bytes)}, over the ${formatBytes(limitBytes)} Discord takes. ` +
      `Download it from this link, which expires ${discordTime(out.expiresAt)}; it downloads as you, so do not share it:\n${out.url}`,
    footer: { text: `snapshot ${id} · Secrets inside stay sealed`.slice(0, 100) },
  };
}

/** A Secret's change: the keys added, removed and changed; values are never shown. */
function secretKeysText(o: ChangedObject): string {
  const k = o.secretKeys;
  if (!k) return "keys unchanged (values not shown)";
  const part = (label: string, keys: readonly string[]) =>
    keys.length ? [`${label} ${keys.join(", ")}`] : [];
  const parts = [...part("added", k.added), ...part("removed", k.removed), ...part("changed", k.changed)];
  return `${parts.join("; ") || "keys unchanged"} (values not shown)`;
}

/** One changed object in a line: its fields' paths, or a Secret's keys. */
function changedLine(o: ChangedObject): string {
  const what = isSecret(o)
    ? secretKeysText(o)
    : o.fields
        .slice(0, 5)
        .map((f) => f.path)
        .join(", ") + (o.fields.length > 5 ? `, and ${o.fields.length - 5} more` : "");
  return `~ ${objectLabel(o)}${what ? `: ${what}` : ""}`;
}

const oneLine = (text: string | undefined) =>
  text === undefined ? "(absent)" : text.replaceAll("\n", "⏎").slice(0, 300);

/** Every change, one line per object, with field values (except a Secret's, named by key only). */
export function diffText(out: SnapshotsDiffOutput): string {
  const lines = [
    `Diff of ${out.from} → ${out.to}`,
    `added ${out.counts.added}, removed ${out.counts.removed}, changed ${out.counts.changed}, unchanged ${out.unchanged}`,
    "",
    ...out.added.map((o) => `+ ${objectLabel(o)}`),
    ...out.removed.map((o) => `- ${objectLabel(o)}`),
  ];
  for (const o of out.changed) {
    if (isSecret(o)) {
      lines.push(`~ ${objectLabel(o)}`, `    ${secretKeysText(o)}`);
      continue;
    }
    lines.push(`~ ${objectLabel(o)}`);
    for (const f of o.fields) lines.push(`    ${f.path}: ${oneLine(f.from)} → ${oneLine(f.to)}`);
  }
  const cut = (["added", "removed", "changed"] as const).filter((k) => out.counts[k] > out[k].length);
  if (cut.length)
    lines.push("", `Lists cut at 2,000 entries each (${cut.join(", ")}); the counts are whole.`);
  return `${lines.join("\n")}\n`;
}

/** The attachment's name for a long diff. */
export const diffFileName = (from: string, to: string) =>
  `snapshot-diff-${from}-${to}.txt`.replace(/[^\w.-]+/g, "_").slice(0, 100);

const fenced = (text: string) => text.replaceAll("```", "`\u200b``");

/**
 * `/cluster snapshot diff`: the counts, then the first changes (added,
 * removed, changed with the paths that differ; Secrets by key); the whole
 * list with field values attached when it does not all fit.
 */
export function renderDiff(out: SnapshotsDiffOutput): { embeds: APIEmbed[]; files: AttachmentPayload[] } {
  const to = out.to === "live" ? "the live cluster" : out.to;
  const fields: APIEmbedField[] = [
    { name: "Added", value: String(out.counts.added), inline: true },
    { name: "Removed", value: String(out.counts.removed), inline: true },
    { name: "Changed", value: String(out.counts.changed), inline: true },
    { name: "Unchanged", value: String(out.unchanged), inline: true },
  ];
  const all = [
    ...out.added.map((o) => `+ ${objectLabel(o)}`),
    ...out.removed.map((o) => `- ${objectLabel(o)}`),
    ...out.changed.map(changedLine),
  ].map((l) => (l.length > 300 ? `${l.slice(0, 299)}…` : l));
  const total = out.counts.added + out.counts.removed + out.counts.changed;
  const embed: APIEmbed = {
    title: plain(`Snapshot diff: ${out.from} → ${to}`, 256),
    color: total ? colors.warn : colors.ok,
    fields,
  };
  if (!total) return { embeds: [{ ...embed, description: "No differences." }], files: [] };
  const { text, omitted } = fitLines(all.slice(0, INLINE_LINES), DESCRIPTION_BUDGET);
  const hidden = total - (all.slice(0, INLINE_LINES).length - omitted);
  const long = hidden > 0 || out.changed.some((o) => o.fields.length > 5);
  const name = diffFileName(out.from, out.to);
  const tail = hidden > 0 ? `\n… and ${hidden} more in ${name}` : long ? `\nField values in ${name}` : "";
  return {
    embeds: [{ ...embed, description: `\`\`\`diff\n${fenced(text)}\n\`\`\`${tail}` }],
    files: long ? [{ attachment: Buffer.from(diffText(out), "utf8"), name }] : [],
  };
}

const ACTIONS: Record<RestoreAction, { icon: string; label: string }> = {
  create: { icon: "➕", label: "Create" },
  update: { icon: "✏️", label: "Update" },
  unchanged: { icon: "＝", label: "Unchanged" },
  delete: { icon: "🗑️", label: "Delete" },
  conflict: { icon: "⚠️", label: "Conflict" },
};
const ACTION_ORDER: readonly RestoreAction[] = ["create", "update", "delete", "conflict", "unchanged"];

function stepLine(step: RestoreStep): string {
  const reason = step.reason ? ` — ${step.reason.replaceAll("\n", " ")}` : "";
  const line = `${ACTIONS[step.action].icon} ${step.action} ${objectLabel(step)}${reason}`;
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/** Every step of a restore plan in order, with the fields an update changes (never a Secret's values). */
export function restorePlanText(plan: SnapshotsPlanRestoreOutput): string {
  const lines = [plan.summary, ""];
  for (const step of plan.steps) {
    lines.push(stepLine(step));
    if (isSecret(step)) continue;
    for (const f of step.fields ?? []) lines.push(`    ${f.path}: ${oneLine(f.from)} → ${oneLine(f.to)}`);
  }
  return `${lines.join("\n")}\n`;
}

export const restorePlanFileName = (id: string) =>
  `restore-plan-${id}.txt`.replace(/[^\w.-]+/g, "_").slice(0, 100);

/**
 * `/cluster snapshot restore`: the server-side dry-run as counts per action
 * and the steps that change something, in order (the rest attached when
 * long); a dry run says nothing changed, a real one asks to confirm.
 */
export function renderRestorePlan(
  plan: SnapshotsPlanRestoreOutput,
  options: { id: string; dryRun: boolean },
): { embeds: APIEmbed[]; files: AttachmentPayload[] } {
  const fields: APIEmbedField[] = ACTION_ORDER.map((a) => ({
    name: `${ACTIONS[a].icon} ${ACTIONS[a].label}`,
    value: String(plan.counts[a] ?? 0),
    inline: true,
  }));
  const acting = plan.steps.filter((s) => s.action !== "unchanged");
  const { text, omitted } = fitLines(acting.slice(0, INLINE_LINES).map(stepLine), DESCRIPTION_BUDGET);
  const hidden = acting.length - (Math.min(acting.length, INLINE_LINES) - omitted);
  const name = restorePlanFileName(options.id);
  const attach = hidden > 0 || plan.steps.some((s) => s.fields?.length);
  // The plan's sentences that the steps do not already say (a step's own is "<action> <Kind> <ns/name>…").
  const stepHeads = plan.steps.map((s) => `${s.action} ${objectLabel(s)}`);
  const notes = plan.changes.filter((c) => !stepHeads.some((head) => c.startsWith(head)));
  const parts = [
    acting.length ? `\`\`\`\n${fenced(text)}\n\`\`\`` : "Everything already matches the snapshot.",
    ...(hidden > 0
      ? [`… and ${hidden} more steps in ${name}`]
      : attach
        ? [`Every step, with the fields it changes, in ${name}`]
        : []),
    ...notes.slice(0, 5).map((c) => `• ${plain(c, 300)}`),
    options.dryRun
      ? "Dry run: nothing was changed. Run it with dry_run: False to restore (you will be asked to confirm)."
      : `Confirm ${discordTime(plan.expiresAt)}.`,
  ];
  const conflicts = plan.counts.conflict ?? 0;
  return {
    embeds: [
      {
        title: plain(plan.summary, 256),
        color: options.dryRun ? (conflicts ? colors.warn : colors.brand) : colors.error,
        description: parts.join("\n\n").slice(0, embedLimits.description),
        fields,
        footer: { text: `snapshot ${options.id} · in dependency order`.slice(0, 100) },
      },
    ],
    files: attach ? [{ attachment: Buffer.from(restorePlanText(plan), "utf8"), name }] : [],
  };
}

/** After a confirmed restore: the API's sentence, the counts, and what failed with the API server's words. */
export function renderRestoreOutcome(out: SnapshotsRestoreOutput): APIEmbed {
  const fields: APIEmbedField[] = [
    { name: "Created", value: String(out.created), inline: true },
    { name: "Updated", value: String(out.updated), inline: true },
    { name: "Deleted", value: String(out.deleted), inline: true },
    { name: "Unchanged", value: String(out.unchanged), inline: true },
  ];
  if (out.failed.length) {
    const { text, omitted } = fitLines(
      out.failed.map((f) => `• ${plain(objectLabel(f), 200)}: ${plain(f.reason, 300)}`),
      1000,
    );
    fields.push({
      name: `Failed (${out.failed.length})`,
      value: `${text}${omitted ? `\n… and ${omitted} more` : ""}`,
    });
  }
  return {
    color: out.failed.length ? colors.warn : colors.ok,
    description: plain(out.message, 1000),
    fields,
  };
}

function scheduleLine(s: SnapshotSchedule): string {
  const parts = [
    `⏰ ${code(s.id, 70)}`,
    `${s.every}, keep ${s.keep}`,
    plain(s.clusterName, 40),
    s.scope === "cluster"
      ? "whole cluster"
      : s.namespaces.length
        ? `${s.namespaces.length} namespace(s)`
        : "your namespaces",
  ];
  if (s.description) parts.push(plain(s.description, 60));
  parts.push(`next ${discordTime(s.nextRunAt)}`);
  if (s.lastRunAt) parts.push(`last ${discordTime(s.lastRunAt)}`);
  return parts.join(" · ");
}

/** `/cluster snapshot schedule`: the API's sentence and the schedule. */
export function renderSchedule(out: { message: string; schedule: SnapshotSchedule }): APIEmbed {
  const s = out.schedule;
  return {
    title: plain(`⏰ Snapshots of ${s.clusterName}, ${s.every}`, 256),
    color: colors.ok,
    description: plain(out.message, 1000),
    fields: [
      { name: "ID", value: code(s.id, 80), inline: true },
      { name: "Keeps", value: `the last ${s.keep}`, inline: true },
      {
        name: "Next run",
        value: `${discordTime(s.nextRunAt, "F")} (${discordTime(s.nextRunAt)})`,
        inline: true,
      },
      { name: "Scope", value: scopeText(s).slice(0, 1024) },
    ],
  };
}

/** `/cluster snapshot schedules`. */
export function renderSchedules(out: { schedules: SnapshotSchedule[] }, clusterName?: string): APIEmbed {
  const title = `Snapshot schedules${clusterName ? ` of ${clusterName}` : ""}`;
  if (!out.schedules.length) {
    return {
      title: plain(title, 256),
      color: colors.brand,
      description: "No schedules. Add one with /cluster snapshot schedule.",
    };
  }
  const { text, omitted } = fitLines(out.schedules.map(scheduleLine), embedLimits.description - 100);
  return {
    title: plain(`${title} (${out.schedules.length})`, 256),
    color: colors.brand,
    description: `${text}${omitted ? `\n… and ${omitted} more` : ""}`,
  };
}
