/** Audit targets of the manifest procedures, from their validated input (never file contents). */

type Fields = Record<string, unknown>;
const field = (input: unknown, key: string) => String((input as Fields)[key] ?? "?");

/** `cluster/<id>/manifests/<file>[+n]`: the batch by its first file's name and how many more. */
export function batchTarget(input: unknown) {
  const files = ((input as Fields).files as { name: string }[] | undefined) ?? [];
  const more = files.length > 1 ? `+${files.length - 1}` : "";
  return `cluster/${field(input, "clusterId")}/manifests/${files[0]?.name ?? "?"}${more}`;
}

/** `cluster/<id>/plan/<planId>`: a confirmation names the plan it applies. */
export const planTarget = (input: unknown) =>
  `cluster/${field(input, "clusterId")}/plan/${field(input, "planId")}`;
