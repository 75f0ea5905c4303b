import type { PolicyKey } from "@clustercord/contracts";
import type { FixContext, FixPlan } from "../lint/types";
import type { KubeObject } from "../objects";
import { getPolicy } from "../policies/definitions";

export { pinImageFix } from "./image";
export { limitsFix } from "./limits";
export { probesFix } from "./probes";
export { setContainerSecurity } from "./security-context";

/**
 * The patch that brings `object` in line with `policy`: limits from observed
 * usage (else the LimitRange default), probe skeletons from the container's
 * ports, securityContext fields, images pinned to the running digest. Null
 * when the object does not violate the policy.
 */
export function planFix(policy: PolicyKey, object: KubeObject, context: FixContext = {}): FixPlan | null {
  return getPolicy(policy).rule.planFix?.(object, context) ?? null;
}
