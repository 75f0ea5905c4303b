import type {
  CanaryPhase,
  CanaryStatus,
  RolloutKind,
  RolloutPhase,
  RolloutReplicas,
  RolloutsHistoryEntry,
} from "@clustercord/contracts";

type Tone = "neutral" | "good" | "warn" | "bad" | "accent";

const KIND_OF_KEY: Record<string, RolloutKind> = {
  deployments: "Deployment",
  statefulsets: "StatefulSet",
  daemonsets: "DaemonSet",
};

/** The rollout kind behind a resource page's kind key ("deployments"), or null for kinds without rollouts. */
export function rolloutKindOf(kindKey: string): RolloutKind | null {
  return KIND_OF_KEY[kindKey] ?? null;
}

/**
 * The resource kinds whose changes can move a rollout's status: the workload
 * itself (a canary Deployment is one too), its ReplicaSets (Deployments only;
 * the others' revisions change with their own object), pods and events.
 */
export function liveKindsFor(kind: RolloutKind): string[] {
  if (kind === "Deployment") return ["deployments", "replicasets", "pods", "events"];
  return [kind === "StatefulSet" ? "statefulsets" : "daemonsets", "pods", "events"];
}

export function phaseTone(phase: RolloutPhase): Tone {
  return { progressing: "accent", complete: "good", failed: "bad", paused: "warn" }[phase] as Tone;
}

export function canaryPhaseTone(phase: CanaryPhase): Tone {
  return (
    {
      analysing: "accent",
      promoting: "accent",
      promoted: "good",
      "rolling-back": "warn",
      "rolled-back": "bad",
      aborted: "neutral",
    } as const
  )[phase];
}

/** A canary that is over: nothing will change it any more, so nothing needs asking again. */
export function canaryEnded(phase: CanaryPhase): boolean {
  return phase === "promoted" || phase === "rolled-back" || phase === "aborted";
}

export interface ReplicaBar {
  key: keyof RolloutReplicas;
  label: string;
  value: number;
  max: number;
}

/**
 * The progress bars: updated, ready and available out of desired. While
 * old and new pods overlap a count can pass desired; the bar's end grows
 * with it rather than overflowing.
 */
export function replicaBars(r: RolloutReplicas): ReplicaBar[] {
  const max = Math.max(1, r.desired, r.updated, r.ready, r.available);
  return [
    { key: "updated", label: "Updated", value: r.updated, max },
    { key: "ready", label: "Ready", value: r.ready, max },
    { key: "available", label: "Available", value: r.available, max },
  ];
}

/** "2 of 3": a bar's text, which carries the number so nothing rests on the bar's length alone. */
export function barText(bar: ReplicaBar, desired: number): string {
  return `${bar.value} of ${desired}`;
}

/** Images as one short line ("nginx:1.27, envoy:1.30"); "—" when none are known. */
export function imagesText(images: readonly string[]): string {
  return images.length ? images.join(", ") : "—";
}

/** The revisions an undo can go to: every one but the current, newest first (as history lists them). */
export function undoTargets(revisions: readonly RolloutsHistoryEntry[]): RolloutsHistoryEntry[] {
  return revisions.filter((r) => !r.current);
}

/** The revision an undo goes to when the person picks none: the newest that is not current (kubectl's "previous"). */
export function defaultUndoRevision(revisions: readonly RolloutsHistoryEntry[]): number | null {
  return undoTargets(revisions)[0]?.revision ?? null;
}

/** One option of the revision picker: "Revision 3 · web:1.1 · 2026-11-30 12:00". */
export function revisionOption(r: RolloutsHistoryEntry): string {
  const parts = [`Revision ${r.revision}`, imagesText(r.images)];
  if (r.createdAt) parts.push(shortTime(r.createdAt));
  return parts.join(" · ");
}

/** A timestamp as "YYYY-MM-DD HH:MM" (UTC), or "—". */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().slice(0, 16).replace("T", " ");
}

/** A moment as "HH:MM:SS" (UTC): checks come seconds apart. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(11, 19);
}

/** How the canary's traffic is split, in words. */
export function trafficText(c: Pick<CanaryStatus, "traffic" | "httpRoute" | "percentage">): string {
  if (c.traffic === "gateway-api")
    return `Gateway API: HTTPRoute ${c.httpRoute ?? "?"} sends ${c.percentage}% to the canary`;
  return `By replicas: about ${c.percentage}% of pods run the canary`;
}

/** A check of the analysis in one line: "2/2 ready · 0 restarts" plus findings. */
export function checkText(c: CanaryStatus["checks"][number]): string {
  const parts = [`${c.ready}/${c.desired} ready`, `${c.restarts} restart${c.restarts === 1 ? "" : "s"}`];
  if (c.findings.length) parts.push(c.findings.join(", "));
  return parts.join(" · ");
}

/** Seconds left until `endsAt`, never below zero; null when it is not a time. */
export function secondsLeft(endsAt: string, now: number): number | null {
  const t = Date.parse(endsAt);
  if (Number.isNaN(t)) return null;
  return Math.max(0, Math.ceil((t - now) / 1000));
}

/** A replica count the person typed: a whole number 0 to 1000, else the reason it is not. */
export function parseReplicas(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return { ok: false, message: "Replicas must be a whole number." };
  const value = Number(t);
  if (value > 1000) return { ok: false, message: "Replicas must be 1000 or fewer." };
  return { ok: true, value };
}

/** The resource page's kind key of Argo Rollouts' Rollout, whose controller runs its own canary. */
export const ARGO_ROLLOUT_KIND_KEY = "rollouts.argoproj.io";

/** A Rollout's canary changes with the Rollout, its ReplicaSets and pods. */
export const ARGO_LIVE_KINDS = [ARGO_ROLLOUT_KIND_KEY, "replicasets", "pods"] as const;

export function argoPhaseTone(phase: string): Tone {
  return (
    ({ Healthy: "good", Progressing: "accent", Paused: "warn", Degraded: "bad" } as const)[phase] ?? "neutral"
  );
}

/** Where an Argo canary stands in its steps: the 0-based index is the count of steps done. */
export function argoStepText(r: { currentStep: number | null; steps: number }): string {
  if (r.currentStep === null) return "no canary steps (blue-green)";
  return `${Math.min(r.currentStep, r.steps)} of ${r.steps} steps done`;
}
