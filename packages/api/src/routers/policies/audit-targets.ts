/** Audit targets of the policy procedures, from their validated input. */

type Fields = Record<string, unknown>;
const field = (input: unknown, key: string) => String((input as Fields)[key] ?? "?");

export const clusterTarget = (input: unknown) => `cluster/${field(input, "clusterId")}/policies`;

/** `cluster/<id>/policy/<key>` */
export const policyTarget = (input: unknown) =>
  `cluster/${field(input, "clusterId")}/policy/${field(input, "policy")}`;

/** `cluster/<id>/namespace/<ns>/<Kind>/<name>/policy/<key>` */
export const workloadTarget = (input: unknown) =>
  `cluster/${field(input, "clusterId")}/namespace/${field(input, "namespace")}/${field(input, "workload")}/policy/${field(input, "policy")}`;

export { planTarget } from "../manifests/audit-targets";
