import type { RolloutTarget } from "@clustercord/contracts";

/** `cluster/<id>/namespace/<ns>/<kind>/<name>`: what a rollout mutation acts on, for the audit log. */
export const rolloutAuditTarget = (input: unknown) => {
  const { clusterId, namespace, kind, name } = input as Partial<RolloutTarget>;
  return `cluster/${clusterId ?? "?"}/namespace/${namespace ?? "?"}/${(kind ?? "Deployment").toLowerCase()}/${name ?? "?"}`;
};
