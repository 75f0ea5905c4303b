import {
  type ConcurrencyPolicy,
  commandTooLong,
  type JobPhase,
  type JobsRunInput,
  type JobsScheduleInput,
  splitCommandLine,
} from "@clustercord/contracts";
import type { z } from "zod";

/**
 * The Jobs page's pure parts: the run and schedule forms turned into the
 * procedures' inputs (or the one problem a person must fix first), and the
 * words, tones and times the page shows.
 */

export const jobsHref = (clusterId: string, namespace?: string) =>
  `/clusters/${encodeURIComponent(clusterId)}/jobs${namespace ? `?namespace=${encodeURIComponent(namespace)}` : ""}`;

export const phaseLabel: Record<JobPhase, string> = {
  pending: "Pending",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  suspended: "Suspended",
};

export const phaseTone = {
  pending: "neutral",
  running: "accent",
  succeeded: "good",
  failed: "bad",
  suspended: "warn",
} as const satisfies Record<JobPhase, "neutral" | "accent" | "good" | "bad" | "warn">;

/** A job still changing: its details and logs are asked again while it is. */
export const isActive = (phase: JobPhase) => phase === "pending" || phase === "running";

/** "42s", "3m 05s", "2h 04m", "3d 1h"; "—" when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (s < 3_600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3_600)}h ${pad(Math.floor((s % 3_600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3_600)}h`;
}

/** A time in a zone, to the minute: "Tue 1 Dec 2026, 09:00"; the zone is said once by the caller. */
export function formatInZone(iso: string | null, timeZone = "UTC"): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // Built from parts: the joined form differs between ICU versions (browsers, Node).
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("weekday")} ${part("day")} ${part("month")} ${part("year")}, ${part("hour")}:${part("minute")}`;
}

/** The person's own zone as the browser knows it (the preview's zone when none is typed comes from the API). */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/**
 * A run time as the schedule's zone reads it and, when the person's own zone
 * differs, also in theirs ("your time"): a 09:00 in Berlin is 17:00 in Tokyo.
 */
export function runTime(iso: string, scheduleZone: string, myZone: string) {
  const there = formatInZone(iso, scheduleZone);
  if (myZone === scheduleZone) return { there, mine: null };
  const mine = formatInZone(iso, myZone);
  // Same day there and here: the time is enough.
  const sameDay = mine.slice(0, mine.lastIndexOf(",")) === there.slice(0, there.lastIndexOf(","));
  return { there, mine: sameDay ? mine.slice(mine.lastIndexOf(",") + 2) : mine };
}

/** Who ran a job: "you", their Discord id, or "—" for jobs made outside ClusterCord. */
export const ranBy = (createdBy: string | null, me: string | null) =>
  createdBy === null ? "—" : createdBy === me ? "you" : createdBy;

/** The exit code, once there is one. */
export const exitCodeText = (code: number | null) => (code === null ? "—" : String(code));

/** The fields both forms share (what runs, and with what). */
export interface JobSpecForm {
  namespace: string;
  image: string;
  command: string;
  args: string;
  envFromSecret: string;
  pvc: string;
  mountPath: string;
  readOnly: boolean;
  cpu: string;
  memory: string;
  ttlSeconds: string;
  backoffLimit: string;
  deadlineSeconds: string;
}

export interface RunForm extends JobSpecForm {
  name: string;
}

export interface ScheduleForm extends JobSpecForm {
  name: string;
  cron: string;
  timeZone: string;
  concurrencyPolicy: z.infer<typeof ConcurrencyPolicy>;
}

export const emptySpecForm: JobSpecForm = {
  namespace: "",
  image: "",
  command: "",
  args: "",
  envFromSecret: "",
  pvc: "",
  mountPath: "",
  readOnly: false,
  cpu: "",
  memory: "",
  ttlSeconds: "",
  backoffLimit: "",
  deadlineSeconds: "",
};
export const emptyRunForm: RunForm = { ...emptySpecForm, name: "" };
export const emptyScheduleForm: ScheduleForm = {
  ...emptySpecForm,
  name: "",
  cron: "",
  timeZone: "",
  concurrencyPolicy: "Forbid",
};

type Checked<T> = { input: T; problem: null } | { input: null; problem: string };

/** A whole number typed in a field, or undefined when left empty; NaN marks a typo. */
function wholeNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  return /^\d+$/.test(t) ? Number(t) : Number.NaN;
}

type SpecInput = Omit<JobsRunInput, "name">;

/**
 * The shared spec from the form, or what the person must fix first. Only what
 * the form itself can know is checked here (a missing field, a typo in a
 * number, a command over 4 KiB); the API checks the rest and says so.
 */
function specFromForm(clusterId: string, form: JobSpecForm): Checked<SpecInput> {
  const fail = (problem: string) => ({ input: null, problem }) as const;
  if (!form.namespace) return fail("Pick a namespace.");
  const image = form.image.trim();
  if (!image) return fail("Name the image to run.");
  // The same reading of a command line as Discord's (contracts' splitCommandLine).
  const split = splitCommandLine(form.command);
  if (!split.ok) return fail(split.message);
  let args: string[] = [];
  if (form.args.trim()) {
    const splitArgs = splitCommandLine(form.args);
    if (!splitArgs.ok) return fail(`Arguments: ${splitArgs.message}`);
    args = splitArgs.argv;
  }
  const tooLong = commandTooLong([...split.argv, ...args]);
  if (tooLong) return fail(tooLong);
  const pvc = form.pvc.trim();
  const mountPath = form.mountPath.trim();
  if (pvc && !mountPath) return fail(`Say where to mount ${pvc} (an absolute path such as /data).`);
  if (!pvc && mountPath) return fail("Pick the volume (PersistentVolumeClaim) to mount.");
  if (pvc && !mountPath.startsWith("/")) return fail("The mount path must be absolute, such as /data.");
  const numbers = {
    ttl: wholeNumber(form.ttlSeconds),
    backoff: wholeNumber(form.backoffLimit),
    deadline: wholeNumber(form.deadlineSeconds),
  };
  if (Number.isNaN(numbers.ttl)) return fail("Keep finished job for: a whole number of seconds.");
  if (Number.isNaN(numbers.backoff)) return fail("Retries (backoff limit): a whole number.");
  if (Number.isNaN(numbers.deadline)) return fail("Deadline: a whole number of seconds.");
  const cpu = form.cpu.trim();
  const memory = form.memory.trim();
  return {
    problem: null,
    input: {
      clusterId,
      namespace: form.namespace,
      image,
      command: split.argv,
      args,
      ...(form.envFromSecret ? { envFromSecret: form.envFromSecret } : {}),
      ...(pvc ? { volume: `${pvc}:${mountPath}${form.readOnly ? ":ro" : ""}` } : {}),
      ...(cpu || memory ? { resources: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } } : {}),
      ...(numbers.ttl !== undefined ? { ttlSecondsAfterFinished: numbers.ttl } : {}),
      ...(numbers.backoff !== undefined ? { backoffLimit: numbers.backoff } : {}),
      ...(numbers.deadline !== undefined ? { activeDeadlineSeconds: numbers.deadline } : {}),
    },
  };
}

/** jobs.run's input from the run form. */
export function runInputFromForm(clusterId: string, form: RunForm): Checked<JobsRunInput> {
  const spec = specFromForm(clusterId, form);
  if (!spec.input) return spec;
  const name = form.name.trim();
  return { problem: null, input: { ...spec.input, ...(name ? { name } : {}) } };
}

/** jobs.schedule's input from the schedule form (name and cron are required). */
export function scheduleInputFromForm(clusterId: string, form: ScheduleForm): Checked<JobsScheduleInput> {
  const name = form.name.trim();
  if (!name) return { input: null, problem: "Name the schedule (it becomes the CronJob's name)." };
  if (!form.cron.trim()) return { input: null, problem: "Type a cron expression, such as */15 * * * *." };
  const spec = specFromForm(clusterId, form);
  if (!spec.input) return spec;
  const timeZone = form.timeZone.trim();
  return {
    problem: null,
    input: {
      ...spec.input,
      name,
      cron: form.cron.trim(),
      ...(timeZone ? { timeZone } : {}),
      concurrencyPolicy: form.concurrencyPolicy,
    },
  };
}

/** The preview's input, or null while the cron field is empty (nothing to ask yet). */
export function previewInput(cron: string, timeZone: string) {
  const c = cron.trim();
  if (!c) return null;
  const z = timeZone.trim();
  return { cron: c, ...(z ? { timeZone: z } : {}) };
}
