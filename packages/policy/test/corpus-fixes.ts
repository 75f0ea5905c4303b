import type { PolicyKey } from "@clustercord/contracts";
import {
  applyJsonPatch,
  containersOf,
  type FixContext,
  findPodSpec,
  type KubeObject,
  planFix,
} from "../src/index";

/** Facts a fix may use for a corpus manifest: usage and a running digest for every container. */
export function contextFor(object: KubeObject): FixContext {
  const pod = findPodSpec(object);
  const names = pod ? containersOf(pod).map((c) => c.name) : [];
  return {
    usage: Object.fromEntries(names.map((n) => [n, { cpu: "120m", memory: "90Mi" }])),
    runningDigests: Object.fromEntries(names.map((n) => [n, `sha256:${"5e".repeat(32)}`])),
  };
}

/** The manifest with `policy`'s fix applied, or null when the fix cannot cover every container. */
export function fixedManifest(policy: PolicyKey, object: KubeObject): KubeObject | null {
  const plan = planFix(policy, object, contextFor(object));
  if (!plan || plan.unfixed.length > 0) return null;
  return applyJsonPatch(object, plan.ops);
}
