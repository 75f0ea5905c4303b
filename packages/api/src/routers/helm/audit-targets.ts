/** Audit targets of the Helm and blueprint procedures, from their validated input. */

type Fields = Record<string, string | number | undefined>;
const field = (input: unknown, key: string) => (input as Fields)[key] ?? "?";

/** `cluster/<id>/namespace/<ns>/release/<name>`: a plan names the release it is for. */
export const releaseTarget = (input: unknown) =>
  `cluster/${field(input, "clusterId")}/namespace/${field(input, "namespace")}/release/${field(input, "release")}`;

/** `cluster/<id>/plan/<planId>`: a confirmation names the plan it runs. */
export const planTarget = (input: unknown) =>
  `cluster/${field(input, "clusterId")}/plan/${field(input, "planId")}`;

export const operationTarget = (input: unknown) =>
  `cluster/${field(input, "clusterId")}/operation/${field(input, "operationId")}`;

export const repoTarget = (input: unknown) => `repo/${field(input, "name")}`;

export const blueprintTarget = (input: unknown) =>
  `cluster/${field(input, "clusterId")}/blueprint/${field(input, "preset")}`;
