/**
 * The diagnosis views' pure rules: which pages may ask for a diagnosis and of
 * what, severities as tones, a fix's JSON patch as diff-like lines. No React,
 * no I/O.
 */
import type { DiagnoseTarget, Evidence, ObjectRef, Severity } from "@clustercord/contracts";
import type { PatchOpOut } from "./types";

type Tone = "neutral" | "good" | "warn" | "bad" | "accent";

const severityTones: Record<Severity, Tone> = {
  CRITICAL: "bad",
  HIGH: "bad",
  MEDIUM: "warn",
  LOW: "neutral",
};

export function severityTone(severity: Severity): Tone {
  return severityTones[severity];
}

/** The resource browser's kind keys diagnostics.run takes, and its name for each. */
const NAMESPACED_KINDS: Record<string, Exclude<DiagnoseTarget["kind"], "Node" | "Namespace">> = {
  pods: "Pod",
  deployments: "Deployment",
  statefulsets: "StatefulSet",
  daemonsets: "DaemonSet",
  replicasets: "ReplicaSet",
  jobs: "Job",
  cronjobs: "CronJob",
};

/** What to diagnose on an object's page, or null for kinds a diagnosis does not take (no button there). */
export function diagnoseTargetFor(kindKey: string, name: string, namespace?: string): DiagnoseTarget | null {
  if (kindKey === "nodes") return { kind: "Node", name };
  if (kindKey === "namespaces") return { kind: "Namespace", name };
  const kind = NAMESPACED_KINDS[kindKey];
  return kind && namespace ? { kind, namespace, name } : null;
}

/** "Deployment payments in shop", "Node kwok-node-0", "Namespace shop". */
export function targetText(target: DiagnoseTarget | ObjectRef): string {
  const namespace = "namespace" in target && target.namespace ? ` in ${target.namespace}` : "";
  return `${target.kind} ${target.name}${namespace}`;
}

/** An evidence's object, without the namespace when it is the finding's own (it is said once, above). */
export function objectText(object: ObjectRef, findingNamespace: string | null): string {
  return object.namespace === findingNamespace ? `${object.kind} ${object.name}` : targetText(object);
}

/** "2 findings (1 critical, 1 medium)", or none. */
export function findingsSummary(findings: readonly { severity: Severity }[]): string {
  if (!findings.length) return "No problems found in what you may read.";
  const counts = new Map<Severity, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const parts = [...counts].map(([s, n]) => `${n} ${s.toLowerCase()}`);
  return `${findings.length} ${findings.length === 1 ? "finding" : "findings"} (${parts.join(", ")})`;
}

/** Names what the diagnosis could not read, so a clean answer is not mistaken for a full one. */
export function unreadText(unread: readonly string[]): string | null {
  return unread.length ? `Could not read: ${unread.join(", ")}.` : null;
}

/** Events and log lines are quoted as the cluster wrote them: shown monospace. */
export function isQuoted(evidence: Pick<Evidence, "source">): boolean {
  return evidence.source === "event" || evidence.source === "log";
}

export type PatchLine = { op: PatchOpOut["op"]; sign: string; words: string; path: string; value?: string };

const opWords: Record<PatchOpOut["op"], [sign: string, words: string]> = {
  add: ["+", "add"],
  replace: ["~", "set"],
  remove: ["-", "remove"],
  test: ["=", "only if it is"],
};

/** One patch operation as a diff-like line: `~ set /spec/…/memory → 256Mi`; strings as they are, other values as JSON. */
export function patchLine(op: PatchOpOut): PatchLine {
  const [sign, words] = opWords[op.op];
  if (op.op === "remove") return { op: op.op, sign, words, path: op.path };
  const value = typeof op.value === "string" ? op.value : JSON.stringify(op.value);
  return { op: op.op, sign, words, path: op.path, value };
}

const SEVERITIES: readonly Severity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];

/** A pass's counts in severity order, every severity named (a zero says it was looked for). */
export function severityCounts(
  bySeverity: Partial<Record<Severity, number>>,
): { severity: Severity; count: number }[] {
  return SEVERITIES.map((severity) => ({ severity, count: bySeverity[severity] ?? 0 }));
}

export type NamespaceGroup<F> = { namespace: string | null; label: string; findings: F[] };

/**
 * A pass's findings by namespace, "cluster-wide" for those without one. Groups
 * come in the order of their first finding and keep the API's order inside, so
 * the most severe problem stays on top.
 */
export function groupByNamespace<F extends { target: { namespace?: string | null } }>(
  findings: readonly F[],
): NamespaceGroup<F>[] {
  const groups = new Map<string | null, NamespaceGroup<F>>();
  for (const f of findings) {
    const namespace = f.target.namespace || null;
    let group = groups.get(namespace);
    if (!group) {
      group = { namespace, label: namespace ?? "cluster-wide", findings: [] };
      groups.set(namespace, group);
    }
    group.findings.push(f);
  }
  return [...groups.values()];
}

/** Said when the pass holds back findings (it returns at most 500), or null when all are shown. */
export function cappedText(shown: number, total: number): string | null {
  return total > shown ? `Showing ${shown} of ${total} findings, the most severe first.` : null;
}

/** What a pass covered: the whole cluster, or the person's namespaces. */
export function scopeText(
  scope: { kind: "cluster" } | { kind: "namespaces"; namespaces: readonly string[] },
): string {
  if (scope.kind === "cluster") return "the whole cluster";
  if (!scope.namespaces.length) return "none of your namespaces (you have none here)";
  return `your ${scope.namespaces.length === 1 ? "namespace" : "namespaces"} ${scope.namespaces.join(", ")}`;
}
