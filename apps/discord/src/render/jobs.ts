import type {
  CronJobSummary,
  JobPhase,
  JobSummary,
  JobsGetOutput,
  JobsListOutput,
  JobsLogsOutput,
} from "@clustercord/contracts";
import type { APIEmbed, APIEmbedField, AttachmentPayload } from "discord.js";
import { LOG_INLINE_MAX } from "./logs";
import { code, colors, embedLimits, plain } from "./style";

/**
 * The job runner's replies (guide feature 10): a job while it runs and once
 * it ended (status, exit code, duration, last log lines), the list of jobs
 * and CronJobs, a job's log, and a schedule with its next runs. Pure: they
 * render what the jobs.* procedures answered, and print the API's messages
 * as they are.
 */

const PHASES: Record<JobPhase, { icon: string; label: string; color: number }> = {
  pending: { icon: "⏳", label: "Pending", color: colors.brand },
  running: { icon: "🚀", label: "Running", color: colors.brand },
  succeeded: { icon: "✅", label: "Succeeded", color: colors.ok },
  failed: { icon: "❌", label: "Failed", color: colors.error },
  suspended: { icon: "⏸️", label: "Suspended", color: colors.warn },
};

export const phaseLabel = (phase: JobPhase) => PHASES[phase].label;

/** Whether a job has ended: the reply stops following it. */
export const jobEnded = (phase: JobPhase) => phase === "succeeded" || phase === "failed";

/** "2s", "1m 5s", "2h 3m": as the API's messages and the web say a duration (@clustercord/kube's formatDuration). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** A Discord timestamp: shown in each reader's own time zone (`R` relative, `F` full date and time). */
export const discordTime = (iso: string, style: "R" | "F" | "f" = "R") =>
  `<t:${Math.floor(Date.parse(iso) / 1000)}:${style}>`;

const fenced = (text: string) => text.replaceAll("```", "`\u200b``");

/** The last log lines that fit in `max` characters, in a code block a backtick fence in the log cannot close. */
export function logBlock(lines: readonly string[], max = 1_500): string {
  const kept: string[] = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = fenced(lines[i] ?? "");
    const cut = line.length > 300 ? `${line.slice(0, 299)}…` : line;
    if (used + cut.length + 1 > max) break;
    kept.unshift(cut);
    used += cut.length + 1;
  }
  return `\`\`\`\n${kept.join("\n")}\n\`\`\``;
}

export interface JobView {
  clusterName: string;
  /** The API's sentence from jobs.run / jobs.trigger, shown above the status. */
  message?: string | undefined;
  /** Following stopped before the job ended (10 minutes). */
  givenUp?: boolean;
}

/** The title in the guide's words: started while it runs, completed or failed once it ended. */
function jobTitle(job: JobSummary): string {
  const name = `'${job.name}'`;
  const { icon } = PHASES[job.phase];
  if (job.phase === "succeeded") return `${icon} Job ${name} completed`;
  if (job.phase === "failed") return `${icon} Job ${name} failed`;
  if (job.phase === "suspended") return `${icon} Job ${name} suspended`;
  return `${icon} Job ${name} started`;
}

/**
 * `/job run` (and `/job trigger`): "Running" with its pod and start while the
 * job runs, then status, exit code, duration and the last log lines once it
 * ended, as jobs.get says.
 */
export function renderJob(out: JobsGetOutput, view: JobView): APIEmbed {
  const { job } = out;
  const ended = jobEnded(job.phase);
  const fields: APIEmbedField[] = [{ name: "Status", value: phaseLabel(job.phase), inline: true }];
  if (ended) {
    fields.push({
      name: "Exit code",
      value: job.exitCode === null ? "unknown" : String(job.exitCode),
      inline: true,
    });
  }
  if (job.durationSeconds !== null) {
    fields.push({ name: "Duration", value: formatDuration(job.durationSeconds), inline: true });
  }
  if (job.pod) fields.push({ name: "Pod", value: code(job.pod, 256), inline: true });
  if (job.startedAt) fields.push({ name: "Started", value: discordTime(job.startedAt), inline: true });
  const parts: string[] = [];
  if (view.message) parts.push(plain(view.message, 500));
  if (!ended && !view.givenUp) parts.push("Waiting for completion…");
  if (out.lastLogLines.length) parts.push(`Logs:\n${logBlock(out.lastLogLines)}`);
  else if (ended) parts.push("The job's log is empty.");
  if (view.givenUp) {
    parts.push(
      `Stopped following after 10 minutes; the job is still ${phaseLabel(job.phase).toLowerCase()}. See it with /job list or /job logs.`,
    );
  }
  return {
    title: jobTitle(job).slice(0, 256),
    color: PHASES[job.phase].color,
    description: parts.join("\n\n").slice(0, embedLimits.description),
    fields,
    footer: {
      text: `${job.namespace} on ${view.clusterName} · ${job.image} · ${job.command}`.slice(0, 300),
    },
  };
}

/** The first state of a job jobs.run or jobs.trigger answered (no log yet). */
export const justStarted = (job: JobSummary): JobsGetOutput => ({ job, lastLogLines: [] });

function jobLine(job: JobSummary): string {
  const parts = [`${PHASES[job.phase].icon} ${code(job.name, 70)}`, phaseLabel(job.phase)];
  if (job.durationSeconds !== null) parts.push(formatDuration(job.durationSeconds));
  if (job.exitCode !== null && jobEnded(job.phase)) parts.push(`exit ${job.exitCode}`);
  if (job.createdBy) parts.push(`by <@${job.createdBy}>`);
  if (job.cronJob) parts.push(`from ${code(job.cronJob, 70)}`);
  parts.push(discordTime(job.startedAt ?? job.createdAt));
  return parts.join(" · ");
}

function cronLine(cron: CronJobSummary): string {
  const zone = cron.timeZone ? ` (${plain(cron.timeZone, 64)})` : "";
  const head = `⏰ ${code(cron.name, 70)} · ${code(cron.schedule, 100)}${zone}`;
  const by = cron.createdBy ? ` · by <@${cron.createdBy}>` : "";
  if (cron.suspended) return `${head} · suspended${by}`;
  const next = cron.nextRuns.length
    ? ` · next ${cron.nextRuns.map((r) => discordTime(r, "f")).join(", ")}`
    : "";
  const active = cron.active ? ` · ${cron.active} running` : "";
  return `${head}${active}${next}${by}`;
}

/** Lines under a heading, as many as fit in `budget` characters, then how many were left out. */
function section(heading: string, lines: readonly string[], budget: number): string {
  const kept: string[] = [];
  let used = heading.length + 1;
  for (const line of lines) {
    if (used + line.length + 1 > budget - 40) break;
    kept.push(line);
    used += line.length + 1;
  }
  const more = lines.length - kept.length;
  return [heading, ...kept, ...(more ? [`… and ${more} more`] : [])].join("\n");
}

/** `/job list`: jobs newest first (status, duration, who ran them) and CronJobs with their next runs. */
export function renderJobList(
  list: JobsListOutput,
  options: { namespace: string; clusterName: string },
): APIEmbed {
  const title = `Jobs in ${options.namespace} on ${options.clusterName}`.slice(0, 256);
  if (!list.jobs.length && !list.cronJobs.length) {
    return {
      title,
      color: colors.brand,
      description: "No jobs or CronJobs here. Start one with /job run or /job schedule.",
    };
  }
  const newest = [...list.jobs].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const half = Math.floor((embedLimits.description - 10) / 2);
  const cronBudget = list.cronJobs.length ? (list.jobs.length ? half : embedLimits.description) : 0;
  const jobBudget = embedLimits.description - cronBudget - 10;
  const sections = [
    ...(list.jobs.length ? [section(`**Jobs** (${list.jobs.length})`, newest.map(jobLine), jobBudget)] : []),
    ...(list.cronJobs.length
      ? [section(`**CronJobs** (${list.cronJobs.length})`, list.cronJobs.map(cronLine), cronBudget)]
      : []),
  ];
  return { title, color: colors.brand, description: sections.join("\n\n") };
}

/** The attachment's name for a long job log. */
export const jobLogFileName = (job: string) => `${job}.log`;

/** `/job logs`: the end of a job's log; short in a code block, long as a `.log` attachment. */
export function renderJobLogs(
  out: JobsLogsOutput,
  options: { job: string; namespace: string; clusterName: string },
): { embeds: APIEmbed[]; files: AttachmentPayload[] } {
  const footer = [
    `${options.namespace} on ${options.clusterName}`,
    ...(out.pod ? [`pod ${out.pod}`] : []),
    `last ${out.lines.length} line${out.lines.length === 1 ? "" : "s"}`,
    ...(out.truncated ? ["older lines left out"] : []),
  ].join(" · ");
  const embed: APIEmbed = {
    title: `Log of job ${plain(options.job, 200)}`.slice(0, 256),
    color: colors.brand,
    footer: { text: footer.slice(0, 2048) },
  };
  if (!out.pod) return { embeds: [{ ...embed, description: "The job has no pod yet." }], files: [] };
  if (!out.lines.length) return { embeds: [{ ...embed, description: "The log is empty." }], files: [] };
  const text = out.lines.join("\n");
  if (fenced(text).length <= LOG_INLINE_MAX) {
    return { embeds: [{ ...embed, description: `\`\`\`\n${fenced(text)}\n\`\`\`` }], files: [] };
  }
  const name = jobLogFileName(options.job);
  return {
    embeds: [
      { ...embed, description: `${out.lines.length} lines: too long to show here, attached as ${name}.` },
    ],
    files: [{ attachment: Buffer.from(`${text}\n`, "utf8"), name }],
  };
}

/** The next runs, each in the reader's own time zone and relative. */
export const nextRunsText = (runs: readonly string[]) =>
  runs.length ? runs.map((r) => `• ${discordTime(r, "F")} (${discordTime(r, "R")})`).join("\n") : "none";

/**
 * `/job schedule`, `/job suspend` and `/job resume`: the API's sentence and
 * the CronJob: schedule, time zone, concurrency, what it runs and its next 3 runs.
 */
export function renderCronJob(out: { message: string; cronJob: CronJobSummary }): APIEmbed {
  const { cronJob: cron } = out;
  const fields: APIEmbedField[] = [
    { name: "Schedule", value: code(cron.schedule, 100), inline: true },
    { name: "Time zone", value: plain(cron.timeZone ?? "UTC (the cluster's)", 64), inline: true },
    { name: "Concurrency", value: cron.concurrencyPolicy, inline: true },
    { name: "Runs", value: `${code(cron.image, 300)} ${code(cron.command, 600)}` },
    {
      name: cron.suspended ? "Next runs (suspended)" : "Next runs (your time)",
      value: cron.suspended
        ? "None while suspended; /job resume starts it again."
        : nextRunsText(cron.nextRuns),
    },
  ];
  return {
    title: `⏰ CronJob '${cron.name}'${cron.suspended ? " (suspended)" : ""}`.slice(0, 256),
    color: cron.suspended ? colors.warn : colors.ok,
    description: plain(out.message, 1000),
    fields,
    footer: {
      text: `${cron.namespace}${cron.createdBy ? "" : " · not made through ClusterCord"}`.slice(0, 300),
    },
  };
}
