/**
 * What `kubectl rollout undo` writes to a Deployment: the target
 * ReplicaSet's pod template (without the pod-template-hash label the
 * controller added) and its annotations (minus the controller's own), as a
 * JSON patch. Pure; the apply is one PATCH as the person.
 */
import type { Json, Obj } from "../resources/rows";
import { bareTemplate, CHANGE_CAUSE_ANNOTATION, setTemplate } from "./revisions";

/** Annotations the Deployment keeps as they are and never takes from the ReplicaSet (kubectl's annotationsToSkip). */
const SKIPPED = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  "deployment.kubernetes.io/revision",
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
]);

export type JsonPatchOp =
  | { op: "test"; path: string; value: unknown }
  | { op: "replace" | "add"; path: string; value: unknown };

export interface UndoPatchOptions {
  /** Recorded as kubernetes.io/change-cause ("undo to revision 2 by alice"). */
  changeCause?: string;
}

/**
 * The JSON patch that rolls `deployment` back to `replicaSet`'s template.
 * It first tests the Deployment's generation, so a spec change made since it
 * was read (and since the person saw the diff) makes the patch fail instead
 * of silently undoing something else. (Not resourceVersion: the controller's
 * status writes change it every few seconds while a rollout runs.)
 */
export function undoPatch(deployment: Obj, replicaSet: Obj, options: UndoPatchOptions = {}): JsonPatchOp[] {
  const annotations: Record<string, string> = {};
  const own = deployment.metadata?.annotations ?? {};
  for (const key of SKIPPED) if (own[key] !== undefined) annotations[key] = own[key];
  for (const [key, value] of Object.entries(replicaSet.metadata?.annotations ?? {}))
    if (!SKIPPED.has(key)) annotations[key] = value;
  if (options.changeCause) annotations[CHANGE_CAUSE_ANNOTATION] = options.changeCause;
  const ops: JsonPatchOp[] = [];
  const generation = (deployment.metadata as { generation?: unknown } | undefined)?.generation;
  if (typeof generation === "number")
    ops.push({ op: "test", path: "/metadata/generation", value: generation });
  ops.push(
    { op: "replace", path: "/spec/template", value: bareTemplate(setTemplate(replicaSet)) as Json },
    // "add" replaces an existing member and creates a missing one (a Deployment without annotations).
    { op: "add", path: "/metadata/annotations", value: annotations },
  );
  return ops;
}
