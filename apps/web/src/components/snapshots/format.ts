import type {
  FieldChange,
  RestoreAction,
  SnapshotObjectRef,
  SnapshotSchedule,
  SnapshotScope,
  SnapshotSummary,
  SnapshotsCreateInput,
  SnapshotsDiffOutput,
  SnapshotsRestoreSelection,
  SnapshotsScheduleInput,
} from "@clustercord/contracts";
import { formatInZone } from "../jobs/format";

/**
 * The Snapshots page's pure parts: who may do what (and why not), the forms
 * turned into the procedures' inputs (or the one problem to fix first), and
 * the words and tones the page shows.
 */

export const snapshotsHref = (clusterId: string) => `/clusters/${encodeURIComponent(clusterId)}/snapshots`;

type Tone = "neutral" | "good" | "warn" | "bad" | "accent";
type Role = "viewer" | "operator" | "admin" | null;

/** A snapshot still being taken: its progress is asked for again while it is. */
export const isRunning = (s: Pick<SnapshotSummary, "status">) => s.status === "running";

/** While a snapshot is taken its progress is asked for this often (snapshots.get). */
export const WHILE_RUNNING_MS = 2_000;

/** snapshots.get's refetch interval: every 2 s until the answer says it ended (and before the first one). */
export const pollWhileRunning = (data: { snapshot: Pick<SnapshotSummary, "status"> } | undefined) =>
  !data || isRunning(data.snapshot) ? WHILE_RUNNING_MS : false;

export const statusLabel: Record<SnapshotSummary["status"], string> = {
  running: "Running",
  ready: "Ready",
  failed: "Failed",
};

export const statusTone = {
  running: "accent",
  ready: "good",
  failed: "bad",
} as const satisfies Record<SnapshotSummary["status"], Tone>;

export const restoreTone = {
  create: "good",
  update: "accent",
  unchanged: "neutral",
  delete: "warn",
  conflict: "bad",
} as const satisfies Record<RestoreAction, Tone>;

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/**
 * What the person may do here, and, for what they may not, the sentence the
 * page shows instead of the control. The API checks all of it again; this
 * only keeps controls away from people who would be refused.
 */
export function snapshotAbilities(role: Role, cluster: { owned: boolean; shared: boolean } | undefined) {
  const operate = role === "operator" || role === "admin";
  const admin = role === "admin";
  return {
    /** Take, download and compare (reads object contents). */
    canOperate: operate,
    /** Restore, delete, schedule. */
    canAdmin: admin,
    /** The whole cluster: only its admins, when their server owns it alone. */
    canSnapshotCluster: admin && !!cluster?.owned && !cluster.shared,
    operateReason: operate
      ? null
      : "Viewers see the list of snapshots; operators and admins take, download and compare them.",
    adminReason: admin ? null : "Only admins restore, delete and schedule snapshots.",
  };
}

/** "Running: 1,234 objects, 12 of 40 kinds"; the plain count once done. */
export function progressText(s: Pick<SnapshotSummary, "status" | "progress" | "objectCount">): string {
  if (s.status !== "running") return plural(s.objectCount, "object");
  const { objects, kindsDone, kinds } = s.progress;
  return kinds > 0
    ? `${plural(objects, "object")}, ${kindsDone} of ${plural(kinds, "kind")}`
    : `${plural(objects, "object")}, finding kinds…`;
}

/** How far a running snapshot is, 0 to 100, by kinds done (the only total known in advance). */
export function progressPercent(progress: SnapshotSummary["progress"]): number {
  if (progress.kinds <= 0) return 0;
  return Math.min(100, Math.round((progress.kindsDone / progress.kinds) * 100));
}

/**
 * "Whole cluster", "shop", "3 namespaces: a, b, c", "5 namespaces: a, b, c and
 * 2 more"; none named (a schedule made with every namespace ticked) is all of
 * them, as granted when it runs.
 */
export function scopeText(s: { scope: SnapshotScope; namespaces: readonly string[] }): string {
  if (s.scope === "cluster") return "Whole cluster";
  const n = s.namespaces.length;
  if (n === 0) return "All namespaces";
  if (n === 1) return s.namespaces[0] ?? "";
  const shown = s.namespaces.slice(0, 3).join(", ");
  return `${n} namespaces: ${shown}${n > 3 ? ` and ${n - 3} more` : ""}`;
}

/** Who took it: "you", a schedule, or their Discord id. */
export function takenBy(s: Pick<SnapshotSummary, "createdBy" | "scheduleId">, me: string | null): string {
  const who = s.createdBy === me ? "you" : s.createdBy;
  return s.scheduleId ? `schedule (${who})` : who;
}

/** A time the page shows, in UTC (as the Jobs page). */
export const timeText = (iso: string | undefined) => (iso ? `${formatInZone(iso)} UTC` : "—");

/** A snapshot in a picker: its time and, if it has one, its description. */
export function snapshotOption(s: Pick<SnapshotSummary, "createdAt" | "description">): string {
  const when = timeText(s.createdAt);
  return s.description ? `${when} · ${s.description}` : when;
}

/** Newest first, as the list shows them. */
export function newestFirst<T extends Pick<SnapshotSummary, "createdAt">>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** "Deployment shop/web"; cluster-scoped objects have no namespace: "Namespace shop". */
export function objectLabel(o: Pick<SnapshotObjectRef, "kind" | "namespace" | "name">): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
}

/** A key that tells two objects apart (the same name may exist in two API groups). */
export const objectKey = (o: SnapshotObjectRef) => `${o.apiVersion}|${o.kind}|${o.namespace}|${o.name}`;

/** One field change as a line: "spec.replicas: 3 → 5", "(absent)" for a side without it. */
export function fieldChangeText(c: FieldChange): string {
  return `${c.path}: ${c.from ?? "(absent)"} → ${c.to ?? "(absent)"}`;
}

/** A Secret's changed keys, never values: "added a; changed b, c". */
export function secretKeysText(keys: { added: string[]; removed: string[]; changed: string[] }): string {
  const parts = [
    keys.added.length ? `added ${keys.added.join(", ")}` : "",
    keys.removed.length ? `removed ${keys.removed.join(", ")}` : "",
    keys.changed.length ? `changed ${keys.changed.join(", ")}` : "",
  ].filter(Boolean);
  return parts.length ? `Keys ${parts.join("; ")} (values not shown)` : "No key changed (values not shown)";
}

/** "1 added, 0 removed, 2 changed, 120 unchanged". */
export function diffSummary(d: Pick<SnapshotsDiffOutput, "counts" | "unchanged">): string {
  return `${d.counts.added} added, ${d.counts.removed} removed, ${d.counts.changed} changed, ${d.unchanged} unchanged`;
}

/** The lists the API cut (it sends at most 2,000 of each; the counts are whole). */
export function cutLists(d: Pick<SnapshotsDiffOutput, "counts" | "added" | "removed" | "changed">): string[] {
  return (["added", "removed", "changed"] as const)
    .filter((k) => d.counts[k] > d[k].length)
    .map((k) => `${k}: first ${d[k].length} of ${d.counts[k]}`);
}

/** "2 to create, 1 to update, 5 unchanged, 1 conflict": only the actions the plan has. */
export function restoreCountsText(counts: Partial<Record<RestoreAction, number>>): string {
  const words: Record<RestoreAction, (n: number) => string> = {
    create: (n) => `${n} to create`,
    update: (n) => `${n} to update`,
    delete: (n) => `${n} to delete`,
    unchanged: (n) => `${n} unchanged`,
    conflict: (n) => plural(n, "conflict"),
  };
  const order: RestoreAction[] = ["create", "update", "delete", "unchanged", "conflict"];
  const parts = order.filter((a) => (counts[a] ?? 0) > 0).map((a) => words[a](counts[a] ?? 0));
  return parts.length ? parts.join(", ") : "Nothing to restore";
}

/** A schedule in a line: "Daily, keeps the last 7 · shop, web". */
export function scheduleText(s: Pick<SnapshotSchedule, "every" | "keep" | "scope" | "namespaces">): string {
  const every = s.every === "daily" ? "Daily" : "Weekly";
  return `${every}, keeps the last ${s.keep} · ${scopeText(s)}`;
}

export type Checked<T> = { input: T; problem: null } | { input: null; problem: string };

export interface CreateForm {
  description: string;
  scope: SnapshotScope;
  /** The namespaces ticked (scope "namespaces"). */
  namespaces: string[];
}

export interface ScheduleForm extends CreateForm {
  every: "daily" | "weekly";
  keep: string;
}

export const emptyCreateForm = (namespaces: readonly string[]): CreateForm => ({
  description: "",
  scope: "namespaces",
  namespaces: [...namespaces],
});

export const emptyScheduleForm = (namespaces: readonly string[]): ScheduleForm => ({
  ...emptyCreateForm(namespaces),
  every: "daily",
  keep: "7",
});

/**
 * snapshots.create's input from the form. All of the person's namespaces
 * ticked means "all of them" (the API then also takes namespaces granted
 * later), so the list is left out; none ticked is a problem.
 */
export function createInputFromForm(
  clusterId: string,
  form: CreateForm,
  mine: readonly string[],
): Checked<SnapshotsCreateInput> {
  const description = form.description.trim();
  if (description.length > 200) return { input: null, problem: "The description is at most 200 characters." };
  if (form.scope === "cluster") return { input: { clusterId, description, scope: "cluster" }, problem: null };
  const picked = mine.filter((ns) => form.namespaces.includes(ns));
  if (picked.length === 0) return { input: null, problem: "Pick at least one namespace." };
  const all = picked.length === mine.length;
  return {
    input: { clusterId, description, scope: "namespaces", ...(all ? {} : { namespaces: picked }) },
    problem: null,
  };
}

/** snapshots.schedule's input: the create form plus how often and how many to keep (1 to 100). */
export function scheduleInputFromForm(
  clusterId: string,
  form: ScheduleForm,
  mine: readonly string[],
): Checked<SnapshotsScheduleInput> {
  const keepText = form.keep.trim();
  const keep = /^\d+$/.test(keepText) ? Number(keepText) : Number.NaN;
  if (!Number.isInteger(keep) || keep < 1 || keep > 100) {
    return { input: null, problem: "Keep: a whole number of snapshots from 1 to 100." };
  }
  const base = createInputFromForm(clusterId, form, mine);
  if (!base.input) return base;
  return { input: { ...base.input, every: form.every, keep }, problem: null };
}

export interface RestoreForm {
  namespaces: string[];
  kinds: string[];
  deleteNewer: boolean;
}

export const emptyRestoreForm = (namespaces: readonly string[], kinds: readonly string[]): RestoreForm => ({
  namespaces: [...namespaces],
  kinds: [...kinds],
  deleteNewer: false,
});

/**
 * planRestore's selection. Everything ticked is sent as "all" (absent), so
 * cluster-scoped objects come along too; an empty choice is a problem.
 */
export function restoreSelectionFromForm(
  id: string,
  form: RestoreForm,
  available: { namespaces: readonly string[]; kinds: readonly string[] },
): Checked<SnapshotsRestoreSelection> {
  const named = available.namespaces.filter((ns) => ns !== "");
  const namespaces = named.filter((ns) => form.namespaces.includes(ns));
  const kinds = available.kinds.filter((k) => form.kinds.includes(k));
  if (named.length > 0 && namespaces.length === 0)
    return { input: null, problem: "Pick at least one namespace." };
  if (kinds.length === 0) return { input: null, problem: "Pick at least one kind." };
  return {
    input: {
      id,
      ...(namespaces.length === named.length ? {} : { namespaces }),
      ...(kinds.length === available.kinds.length ? {} : { kinds }),
      deleteNewer: form.deleteNewer,
    },
    problem: null,
  };
}

/** Ticks or unticks one value in a list, keeping the list's order stable. */
export function toggled(list: readonly string[], value: string, on: boolean): string[] {
  return on ? (list.includes(value) ? [...list] : [...list, value]) : list.filter((v) => v !== value);
}
