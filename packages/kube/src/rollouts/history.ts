/**
 * A workload's revisions as `kubectl rollout history` lists them, with what
 * it leaves out: images, when, which one runs, and which came back by an
 * undo. Pure: the workload and the sets of its namespace in, the list out.
 */
import type { RolloutKind, RolloutsHistoryEntry, RolloutsHistoryOutput } from "@clustercord/contracts";
import type { Obj } from "../resources/rows";
import {
  bareTemplate,
  CHANGE_CAUSE_ANNOTATION,
  canonical,
  currentSet,
  iso,
  kindOf,
  ownedSets,
  REVISION_HISTORY_ANNOTATION,
  setRevision,
  setTemplate,
  templateImages,
} from "./revisions";

/** The change-cause ClusterCord records on an undo (rollouts.undo writes it as the person). */
export const undoChangeCause = (revision: number, by: string) => `undo to revision ${revision} by ${by}`;
const UNDO_CAUSE = /^undo to revision \d+ by /;

/**
 * Revisions newest first. A revision is `rolledBack` when the controller
 * reused an older ReplicaSet for it (it carries revision-history), or when
 * its template equals an older revision's. The Deployment controller copies
 * the Deployment's change-cause to every new ReplicaSet, so ClusterCord's
 * "undo to revision N" on a revision that did not come back is a leftover
 * of an earlier undo, not its cause: shown as none.
 */
export function rolloutHistory(
  workload: Obj,
  sets: Iterable<Obj>,
  fallbackKind: RolloutKind = "Deployment",
): RolloutsHistoryOutput {
  const kind = kindOf(workload, fallbackKind);
  const owned = ownedSets(workload, sets).filter((s) => setRevision(s) > 0);
  const current = currentSet(kind, workload, owned);
  const templates = owned.map((s) => canonical(bareTemplate(setTemplate(s))));
  const revisions: RolloutsHistoryEntry[] = owned.map((set, i) => {
    const template = setTemplate(set);
    const annotations = set.metadata?.annotations ?? {};
    const rolledBack =
      !!annotations[REVISION_HISTORY_ANNOTATION] || templates.slice(i + 1).includes(templates[i] as string);
    const cause = annotations[CHANGE_CAUSE_ANNOTATION] ?? null;
    return {
      revision: setRevision(set),
      images: templateImages(template),
      changeCause: cause && UNDO_CAUSE.test(cause) && !rolledBack ? null : cause,
      createdAt: iso(set.metadata?.creationTimestamp),
      current: set === current,
      rolledBack,
      source: `${kind === "Deployment" ? "ReplicaSet" : "ControllerRevision"} ${set.metadata?.name ?? ""}`,
    };
  });
  return { kind, name: workload.metadata?.name ?? "", revisions };
}
