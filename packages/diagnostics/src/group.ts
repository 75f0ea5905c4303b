import { type FindingFix, type ObjectRef, parseQuantity, severityRank } from "@clustercord/contracts";
import { type FindingDraft, MAX_EVIDENCE } from "./finding";

/** A pod's finding, before grouping by its workload. */
export interface PodDraft {
  pod: string;
  draft: FindingDraft;
}

const MAX_LISTED = 40;

/**
 * One finding per cause (finding id and container) for a workload's pods,
 * not one per pod: the pods are listed in the evidence and the first pod's
 * own evidence stands for the rest. The target becomes the workload, so the
 * fingerprint stays the same however many pods (and which) are affected.
 */
export function groupByCause(
  workload: ObjectRef,
  podDrafts: readonly PodDraft[],
  totalPods: number,
): FindingDraft[] {
  const groups = new Map<string, PodDraft[]>();
  for (const p of podDrafts) {
    const key = `${p.draft.id}\u0000${p.draft.container ?? ""}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const out: FindingDraft[] = [];
  for (const members of groups.values()) {
    members.sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
    const first = members[0];
    if (!first) continue;
    const worst = members.reduce(
      (w, m) => (severityRank[m.draft.severity] < severityRank[w.severity] ? m.draft : w),
      first.draft,
    );
    const names = members.map((m) => m.pod);
    const listed =
      names.slice(0, MAX_LISTED).join(", ") +
      (names.length > MAX_LISTED ? `, and ${names.length - MAX_LISTED} more` : "");
    const podRef = { kind: "Pod", namespace: workload.namespace, name: first.pod };
    out.push({
      ...first.draft,
      severity: worst.severity,
      target: workload,
      title: `${members.length} of ${totalPods} pods: ${first.draft.title}`,
      evidence: [
        { source: "related", label: `affected pods (${members.length})`, value: listed },
        ...first.draft.evidence.slice(0, MAX_EVIDENCE - 1).map((e) => ({ ...e, object: e.object ?? podRef })),
      ],
      fix: largestFix(members),
    });
  }
  return out;
}

/** The value a fix sets, when it is one quantity (a memory limit, a timeout). */
function fixValue(fix: FindingFix): number {
  const op = fix.patch[fix.patch.length - 1];
  const v = op && "value" in op ? op.value : undefined;
  return typeof v === "string" || typeof v === "number" ? (parseQuantity(v) ?? 0) : 0;
}

/**
 * Every member's fix targets the same workload template; the one that sets
 * the most (the memory limit from the highest peak) covers all the pods.
 */
function largestFix(members: readonly PodDraft[]): FindingFix | undefined {
  let best: FindingFix | undefined;
  for (const m of members) {
    const fix = m.draft.fix;
    if (fix && (!best || fixValue(fix) > fixValue(best))) best = fix;
  }
  return best;
}
