/**
 * The Helm pages' pure rules: links, tones, outcomes, limits. No React, no
 * I/O, so each is unit-tested as it is (apps/web/test/helm-format.test.ts).
 */
import {
  type BlueprintRun,
  HELM_VALUES_MAX_BYTES,
  type HelmObjectChange,
  type HelmOperation,
  type HelmPlan,
  type HelmReleaseStatus,
} from "@clustercord/contracts";

export type Tone = "neutral" | "good" | "warn" | "bad" | "accent";

/** The Helm area of a cluster, and its pages. */
export function helmHref(clusterId: string, page?: "search" | "blueprints"): string {
  const base = `/clusters/${encodeURIComponent(clusterId)}/helm`;
  return page ? `${base}/${page}` : base;
}

/** A chart's page from its `<repository>/<chart>` ref (and a version to show). */
export function chartHref(clusterId: string, ref: string, version?: string): string {
  const [repo = "", chart = ""] = ref.split("/");
  const path = `${helmHref(clusterId)}/charts/${encodeURIComponent(repo)}/${encodeURIComponent(chart)}`;
  return version ? `${path}?version=${encodeURIComponent(version)}` : path;
}

export function releaseHref(clusterId: string, namespace: string, release: string): string {
  return `${helmHref(clusterId)}/releases/${encodeURIComponent(namespace)}/${encodeURIComponent(release)}`;
}

const statusTones: Record<HelmReleaseStatus, Tone> = {
  deployed: "good",
  failed: "bad",
  "pending-install": "accent",
  "pending-upgrade": "accent",
  "pending-rollback": "accent",
  uninstalling: "warn",
  uninstalled: "neutral",
  superseded: "neutral",
  unknown: "warn",
};

export function releaseStatusTone(status: HelmReleaseStatus): Tone {
  return statusTones[status];
}

const changeTones: Record<HelmObjectChange, Tone> = {
  created: "good",
  changed: "accent",
  unchanged: "neutral",
  deleted: "bad",
};

export function objectChangeTone(change: HelmObjectChange): Tone {
  return changeTones[change];
}

/** "2 created, 1 changed, 3 unchanged" (zeros left out; "no objects" when all are zero). */
export function countsText(counts: HelmPlan["counts"]): string {
  const parts = (["created", "changed", "unchanged", "deleted"] as const)
    .filter((k) => counts[k] > 0)
    .map((k) => `${counts[k]} ${k}`);
  return parts.length ? parts.join(", ") : "no objects";
}

const verbs: Record<HelmPlan["kind"], string> = {
  install: "Install",
  upgrade: "Upgrade",
  rollback: "Roll back",
  uninstall: "Uninstall",
};

/** The Confirm button's words, e.g. "Upgrade web". */
export function confirmLabel(plan: Pick<HelmPlan, "kind" | "release">): string {
  return `${verbs[plan.kind]} ${plan.release}`;
}

export function isRunning(op: Pick<HelmOperation, "status">): boolean {
  return op.status === "running";
}

/** How a finished (or running) operation is announced: its badge and a title; the API's message follows. */
export function operationOutcome(op: Pick<HelmOperation, "status" | "kind">): { tone: Tone; title: string } {
  switch (op.status) {
    case "running":
      return { tone: "accent", title: `${verbs[op.kind]} running…` };
    case "succeeded":
      return { tone: "good", title: `${verbs[op.kind]} succeeded` };
    case "rolled-back":
      return { tone: "warn", title: `${verbs[op.kind]} failed and was rolled back` };
    case "cancelled":
      return { tone: "neutral", title: `${verbs[op.kind]} cancelled` };
    default:
      return { tone: "bad", title: `${verbs[op.kind]} failed` };
  }
}

/** Why a values file cannot be used (before it is read), or null. The API checks again. */
export function valuesFileProblem(file: { name: string; size: number }): string | null {
  if (file.size > HELM_VALUES_MAX_BYTES)
    return `${file.name} is ${Math.ceil(file.size / 1024)} KiB; a values file must be at most 256 KiB.`;
  if (file.size === 0) return `${file.name} is empty.`;
  return null;
}

/**
 * The problems in a BAD_REQUEST message about values, one per line, so each
 * field path stands on its own under the editor: "values do not match the
 * chart's values.schema.json: a: must be…; b: …" gives the sentence, then a, then b.
 */
export function valuesProblems(message: string): string[] {
  const schema = /^(.*?values\.schema\.json):\s+(.*)$/s.exec(message);
  const parts = schema ? [schema[1] ?? "", ...(schema[2] ?? "").split(/;\s+/)] : message.split(/\n/);
  return parts.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** A date as the person reads it ("2026-11-30 05:53"), or "—". */
export function shortDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().slice(0, 16).replace("T", " ");
}

/** A refusal about the values (size, YAML, schema field paths) belongs under the editor, not above the form. */
export function isValuesProblem(code: string | undefined, message: string): boolean {
  return code === "BAD_REQUEST" && /\bvalues?\b|schema|yaml/i.test(message);
}

type BlueprintComponentStatus = BlueprintRun["components"][number]["status"];

const blueprintTones: Record<BlueprintComponentStatus, Tone> = {
  pending: "neutral",
  running: "accent",
  installed: "good",
  unchanged: "good",
  failed: "bad",
  skipped: "warn",
};

export function blueprintStatusTone(status: BlueprintComponentStatus): Tone {
  return blueprintTones[status];
}
