import { isDeepStrictEqual } from "node:util";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const at = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), o);

/** A selector the API server filled in as `{}` means the same as none. */
function selector(value: unknown): unknown {
  if (!isObj(value)) return undefined;
  const kept = Object.fromEntries(
    Object.entries(value).filter(
      ([, v]) => !(Array.isArray(v) ? v.length === 0 : isObj(v) && Object.keys(v).length === 0),
    ),
  );
  return Object.keys(kept).length > 0 ? kept : undefined;
}

const scopeOf = (binding: unknown) => ({
  namespaceSelector: selector(at(binding, "spec", "matchResources", "namespaceSelector")),
  objectSelector: selector(at(binding, "spec", "matchResources", "objectSelector")),
});

const validationsOf = (policy: unknown) => {
  const list = at(policy, "spec", "validations");
  return Array.isArray(list)
    ? list.map((v) => ({ expression: at(v, "expression"), message: at(v, "message") }))
    : [];
};
const conditionsOf = (policy: unknown) => {
  const list = at(policy, "spec", "matchConditions");
  return Array.isArray(list) ? list.map((c) => at(c, "expression")) : [];
};
const actionsOf = (binding: unknown) => {
  const list = at(binding, "spec", "validationActions");
  return Array.isArray(list) ? list.map(String) : [];
};

/**
 * Why the live policy objects differ from what ClusterCord would make
 * (planPolicyObjects of the stored row), in words; null when they match.
 * Only the fields that decide what is judged and how are compared: the API
 * server adds defaults to the rest.
 */
export function policyDrift(
  planned: readonly [Obj, Obj],
  live: { policy: Obj | undefined; binding: Obj | undefined },
): string | null {
  const [plannedPolicy, plannedBinding] = planned;
  const problems: string[] = [];
  if (!live.policy) problems.push("the ValidatingAdmissionPolicy was deleted outside ClusterCord");
  if (!live.binding) problems.push("the binding was deleted outside ClusterCord");
  if (live.policy) {
    if (!isDeepStrictEqual(validationsOf(live.policy), validationsOf(plannedPolicy)))
      problems.push("the policy's validations were changed outside ClusterCord");
    if (!isDeepStrictEqual(conditionsOf(live.policy), conditionsOf(plannedPolicy)))
      problems.push("the policy's match conditions were changed outside ClusterCord");
  }
  if (live.binding) {
    const actions = actionsOf(live.binding);
    if (!isDeepStrictEqual([...actions].sort(), [...actionsOf(plannedBinding)].sort()))
      problems.push(
        `the binding's validationActions were changed to [${actions.join(", ")}] outside ClusterCord`,
      );
    if (at(live.binding, "spec", "policyName") !== at(plannedBinding, "spec", "policyName"))
      problems.push("the binding was pointed at another policy outside ClusterCord");
    if (!isDeepStrictEqual(scopeOf(live.binding), scopeOf(plannedBinding)))
      problems.push("the binding's scope (namespace or object selector) was changed outside ClusterCord");
  }
  return problems.length > 0 ? `${problems.join("; ")}. Enable it again to repair.` : null;
}

/** Live objects of a policy ClusterCord has no record of enabling. */
export function strayPolicyDrift(live: { policy: Obj | undefined; binding: Obj | undefined }): string | null {
  if (!live.policy && !live.binding) return null;
  return "ClusterCord-labelled policy objects exist in the cluster, but the policy is not enabled in ClusterCord: enable it to take them over, or disable it to delete them.";
}
