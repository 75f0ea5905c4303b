import type {
  CanaryStatus,
  RolloutsCanaryPlan,
  RolloutsHistoryOutput,
  RolloutsStatusOutput,
  RolloutsUndoPlan,
} from "@clustercord/contracts";
import type { APIEmbed, APIEmbedField } from "discord.js";
import { shortTime, table } from "./helm";
import { code, colors, embedLimits, plain } from "./style";

/**
 * `/deploy` replies: a rollout's status (progress bars, ReplicaSets, events),
 * how a watch ended, the history, the undo and canary plans, and a canary's
 * live analysis. Numbers and sentences are the API's; nothing is reworded.
 */

/** Cells of a progress bar; short enough that label, bar and counts fit a phone's code block. */
export const BAR_CELLS = 12;
/** Events listed under a status (the API sends up to 20, newest first). */
export const STATUS_EVENTS = 5;
/** Lines of the undo diff shown before it is cut with a "…" line. */
export const DIFF_LINES = 40;
const DIFF_CHARS = 2_400;
const HISTORY_ROWS = 20;
const CANARY_CHECKS = 5;

/** Text inside a code block: a backtick fence in it cannot close the block. */
const fenced = (text: string) => text.replaceAll("```", "`\u200b``");

/** `███████░░░░░` for `value` of `total` (an empty total is a full bar: nothing is missing). */
export function progressBar(value: number, total: number, cells = BAR_CELLS): string {
  const ratio = total <= 0 ? 1 : Math.min(1, Math.max(0, value / total));
  const filled = Math.round(ratio * cells);
  return `${"█".repeat(filled)}${"░".repeat(cells - filled)}`;
}

/** The updated/ready/available bars against desired, as aligned code-block lines. */
export function replicaBars(r: RolloutsStatusOutput["replicas"]): string {
  const rows: [string, number][] = [
    ["updated", r.updated],
    ["ready", r.ready],
    ["available", r.available],
  ];
  const lines = rows.map(([label, n]) => `${label.padEnd(9)} ${progressBar(n, r.desired)} ${n}/${r.desired}`);
  if (r.unavailable > 0) lines.push(`unavailable ${r.unavailable}`);
  return lines.join("\n");
}

const phaseColor: Record<RolloutsStatusOutput["phase"], number> = {
  progressing: colors.brand,
  complete: colors.ok,
  failed: colors.error,
  paused: colors.warn,
};

const phaseIcon: Record<RolloutsStatusOutput["phase"], string> = {
  progressing: "⏳",
  complete: "✅",
  failed: "❌",
  paused: "⏸️",
};

const images = (list: readonly string[], max = 300) =>
  list.length
    ? list
        .map((i) => code(i, 120))
        .join(", ")
        .slice(0, max)
    : "(none)";

function setsField(status: RolloutsStatusOutput): APIEmbedField | null {
  if (!status.sets.length) return null;
  const rows = status.sets
    .slice(0, 6)
    .map((s) => [s.role, s.name, String(s.revision), `${s.ready}/${s.desired}`, s.images.join(", ")]);
  const label = status.kind === "Deployment" ? "ReplicaSets" : "Revisions";
  const body = table(["", "NAME", "REV", "READY", "IMAGES"], rows);
  return { name: label, value: `\`\`\`\n${fenced(body).slice(0, 980)}\n\`\`\`` };
}

function eventsField(status: RolloutsStatusOutput): APIEmbedField | null {
  const events = status.events.slice(0, STATUS_EVENTS);
  if (!events.length) return null;
  const lines = events.map((e) => {
    const icon = e.type === "Warning" ? "⚠️" : "•";
    const times = e.count > 1 ? ` (×${e.count})` : "";
    return `${icon} **${plain(e.reason, 60)}** ${plain(e.object, 80)}: ${plain(e.message, 200)}${times}`;
  });
  return { name: "Recent events", value: lines.join("\n").slice(0, 1024) };
}

export interface StatusView {
  /** Shown on top (how a watch ended, or an action's message), before the API's own sentence. */
  headline?: string | undefined;
  /** The footer's note, e.g. "Updates every 5 s". */
  note?: string | undefined;
}

/** A workload's rollout as rollouts.status returned it. */
export function renderStatus(status: RolloutsStatusOutput, view: StatusView = {}): APIEmbed {
  const head = view.headline ? `${plain(view.headline, 500)}\n` : "";
  const paused = status.paused && status.phase !== "paused" ? " · paused" : "";
  const lines = [
    `${head}${phaseIcon[status.phase]} ${plain(status.message, 500)}`,
    `**Revision ${status.revision}**${paused} · ${images(status.images)}`,
    `\`\`\`\n${replicaBars(status.replicas)}\n\`\`\``,
  ];
  const failing = status.conditions.find(
    (c) => c.status === "False" || c.reason === "ProgressDeadlineExceeded",
  );
  if (failing) lines.push(`⚠️ ${plain(`${failing.type}: ${failing.reason}: ${failing.message}`, 400)}`);
  const fields = [setsField(status), eventsField(status)].filter((f): f is APIEmbedField => f !== null);
  const footer = [`${status.kind} ${status.name} in ${status.namespace}`, view.note]
    .filter(Boolean)
    .join(" · ");
  return {
    title: `Rollout of ${plain(status.name, 100)}`.slice(0, 256),
    color: phaseColor[status.phase],
    description: lines.join("\n").slice(0, embedLimits.description),
    fields,
    footer: { text: footer.slice(0, 2048) },
  };
}

export interface WatchEnd {
  /** How long the watch ran. */
  elapsedMs: number;
  /** True when it stopped at the time limit (the rollout had not ended). */
  timedOut: boolean;
  /** The limit, for the message. */
  maxMs: number;
}

/** The sentence a watched rollout ends on ("Rollout complete in 42 s"). */
export function watchEnding(status: RolloutsStatusOutput, end: WatchEnd): string {
  const seconds = Math.max(0, Math.round(end.elapsedMs / 1000));
  if (end.timedOut) {
    const minutes = Math.round(end.maxMs / 60_000);
    return `Stopped watching after ${minutes} minutes; still ${status.phase}: ${status.message}`;
  }
  switch (status.phase) {
    case "complete":
      return `Rollout complete in ${seconds} s.`;
    case "failed": {
      const c =
        status.conditions.find((x) => x.reason === "ProgressDeadlineExceeded") ??
        status.conditions.find((x) => x.status === "False");
      return `Rollout failed${c ? `: ${c.reason}: ${c.message}` : `: ${status.message}`}`;
    }
    case "paused":
      return `Rollout paused after ${seconds} s at ${status.replicas.updated} of ${status.replicas.desired} updated; resume it with /deploy rollout resume.`;
    default:
      return status.message;
  }
}

// ---- history ----

export const HISTORY_COLUMNS = ["REV", "WHEN", "IMAGES", "CHANGE-CAUSE"] as const;

/** One revision as a row; the current one marked `*`, revisions brought back by an undo `↩`. */
export const historyRow = (r: RolloutsHistoryOutput["revisions"][number]): string[] => [
  `${r.revision}${r.current ? "*" : ""}${r.rolledBack ? "↩" : ""}`,
  r.createdAt ? shortTime(r.createdAt) : "-",
  r.images.join(", ").slice(0, 60) || "-",
  (r.changeCause ?? "").replaceAll(/\s+/g, " ").slice(0, 60) || "-",
];

/** `/deploy rollout history`: revisions newest first, in a code block. */
export function renderHistory(history: RolloutsHistoryOutput, namespace: string): APIEmbed {
  const title = `History of ${plain(history.name, 100)} in ${plain(namespace, 63)}`.slice(0, 256);
  if (!history.revisions.length) return { title, color: colors.brand, description: "No revisions." };
  const shown = history.revisions.slice(0, HISTORY_ROWS);
  const body = table(HISTORY_COLUMNS, shown.map(historyRow));
  const more = history.revisions.length > shown.length ? ` · ${history.revisions.length} in all` : "";
  return {
    title,
    color: colors.brand,
    description: `\`\`\`\n${fenced(body).slice(0, embedLimits.description - 200)}\n\`\`\``,
    footer: {
      text: `* current · ↩ brought back by an undo${more} · undo with /deploy rollout undo revision:`,
    },
  };
}

// ---- undo ----

/** A unified diff cut to what a message holds, with a "…" line saying how much was left out. */
export function cutDiff(diff: string, maxLines = DIFF_LINES, maxChars = DIFF_CHARS): string {
  const lines = diff.trimEnd().split("\n");
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (kept.length === maxLines || size + line.length + 1 > maxChars) break;
    kept.push(line);
    size += line.length + 1;
  }
  const left = lines.length - kept.length;
  return left > 0 ? `${kept.join("\n")}\n… ${left} more line${left === 1 ? "" : "s"}` : kept.join("\n");
}

/** rollouts.planUndo: current -> target revision, what changes in the pod template, and the diff. */
export function renderUndoPlan(plan: RolloutsUndoPlan): APIEmbed {
  const expires = Math.floor(new Date(plan.expiresAt).getTime() / 1000);
  const lines = [`**Revision ${plan.currentRevision} → ${plan.targetRevision}**`];
  // The API's own sentences for what comes back (images, env names, resources, replicas).
  const shown = plan.changes.slice(0, 15).map((c) => `• ${plain(c, 300)}`);
  const more = plan.changes.length > shown.length ? `\n… ${plan.changes.length - shown.length} more` : "";
  lines.push(`**What comes back:**\n${shown.join("\n")}${more}`);
  if (plan.diff.trim())
    lines.push(`**Pod template diff:**\n\`\`\`diff\n${fenced(cutDiff(plan.diff))}\n\`\`\``);
  lines.push(`Confirm <t:${expires}:R>.`);
  return {
    title: plain(plan.summary, 256),
    color: colors.warn,
    description: lines.join("\n\n").slice(0, embedLimits.description),
  };
}

// ---- canary ----

export interface CanaryRequest {
  deployment: string;
  namespace: string;
  image: string;
  percentage: number;
  windowSeconds: number;
}

/** The field the Confirm button reads the image back from (a custom id holds 100 characters, an image up to 512). */
export const CANARY_IMAGE_FIELD = "Image";

const duration = (seconds: number) =>
  seconds % 60 === 0
    ? `${seconds / 60} min`
    : seconds > 60
      ? `${Math.floor(seconds / 60)} min ${seconds % 60} s`
      : `${seconds} s`;

const trafficText = (traffic: CanaryStatus["traffic"], route: string | null, pct: number) =>
  traffic === "gateway-api"
    ? `HTTPRoute ${route ? code(route, 80) : ""} weights ${100 - pct}/${pct}`
    : "by replica counts (no HTTPRoute)";

/** rollouts.planCanary with what was asked, for Confirm/Cancel. */
export function renderCanaryPlan(plan: RolloutsCanaryPlan, req: CanaryRequest): APIEmbed {
  const expires = Math.floor(new Date(plan.expiresAt).getTime() / 1000);
  const lines = plan.changes.slice(0, 10).map((c) => `• ${plain(c, 300)}`);
  lines.push(`\nConfirm <t:${expires}:R>.`);
  return {
    title: plain(plan.summary, 256),
    color: colors.warn,
    description: lines.join("\n").slice(0, embedLimits.description),
    fields: [
      { name: CANARY_IMAGE_FIELD, value: code(req.image, 1000) },
      {
        name: "Split",
        value: `stable ${plan.stableReplicas} · canary ${plan.canaryReplicas} (${req.percentage}%)`,
        inline: true,
      },
      { name: "Analysis window", value: duration(req.windowSeconds), inline: true },
      { name: "Traffic", value: trafficText(plan.traffic, plan.httpRoute, req.percentage) },
    ],
  };
}

/** The image a canary plan's message asks for, read back from its embed. */
export function canaryImageOf(
  embeds: readonly { fields?: readonly { name: string; value: string }[] | undefined }[],
): string | null {
  const field = embeds[0]?.fields?.find((f) => f.name === CANARY_IMAGE_FIELD);
  const match = field ? /^`(.+)`$/s.exec(field.value) : null;
  return match?.[1] ?? null;
}

/** Whether the canary has ended (promoted, rolled back or aborted): nothing more to watch. */
export const canaryEnded = (c: CanaryStatus) =>
  c.phase === "promoted" || c.phase === "rolled-back" || c.phase === "aborted";

const canaryColor: Record<CanaryStatus["phase"], number> = {
  analysing: colors.brand,
  promoting: colors.brand,
  promoted: colors.ok,
  "rolling-back": colors.warn,
  "rolled-back": colors.error,
  aborted: colors.warn,
};

/** The headline for a canary's phase; an ended one says why (the API's reason, verbatim). */
export function canaryHeadline(c: CanaryStatus): string {
  const ends = Math.floor(new Date(c.analysisEndsAt).getTime() / 1000);
  const why = c.reason ? `: ${plain(c.reason, 600)}` : "";
  switch (c.phase) {
    case "analysing":
      return `⏳ Analysing the canary until <t:${ends}:T> (<t:${ends}:R>)`;
    case "promoting":
      return `⏳ Promoting: ${plain(c.deployment, 100)} moves to the canary's image${why}`;
    case "promoted":
      return `✅ Promoted: ${plain(c.deployment, 100)} now runs ${code(c.image, 200)}${why}`;
    case "rolling-back":
      return `↩️ Rolling back${why}`;
    case "rolled-back":
      // By the analysis or by hand: the API's reason says which.
      return `↩️ Rolled back${why}`;
    case "aborted":
      return `⏹️ Aborted${why}`;
  }
}

const checkLine = (k: CanaryStatus["checks"][number]) =>
  `${k.healthy ? "✅" : "❌"} <t:${Math.floor(new Date(k.at).getTime() / 1000)}:T> ready ${k.ready}/${k.desired} · restarts ${k.restarts}${
    k.findings.length
      ? ` · ${k.findings
          .slice(0, 3)
          .map((f) => plain(f, 60))
          .join(", ")}`
      : ""
  }`;

/** A canary as rollouts.canaryStatus returned it: phase (and why it ended), split, traffic, latest checks. */
export function renderCanary(c: CanaryStatus, headline?: string): APIEmbed {
  const head = headline ? `${plain(headline, 500)}\n` : "";
  const checks = c.checks.slice(-CANARY_CHECKS).map(checkLine);
  const fields: APIEmbedField[] = [
    { name: "Image", value: `${code(c.stableImage, 200)} → ${code(c.image, 200)}` },
    {
      name: "Split",
      value: `stable ${c.stableReplicas} · canary ${c.canaryReplicas} (${c.percentage}%)`,
      inline: true,
    },
    { name: "Traffic", value: trafficText(c.traffic, c.httpRoute, c.percentage), inline: true },
  ];
  if (checks.length) fields.push({ name: "Latest checks", value: checks.join("\n").slice(0, 1024) });
  return {
    title: `Canary of ${plain(c.deployment, 100)}`.slice(0, 256),
    color: canaryColor[c.phase],
    description: `${head}${canaryHeadline(c)}`.slice(0, embedLimits.description),
    fields,
    footer: { text: `${c.canaryDeployment} in ${c.namespace} · ${c.phase}`.slice(0, 2048) },
  };
}
