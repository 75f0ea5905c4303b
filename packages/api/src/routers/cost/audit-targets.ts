/** Audit targets of the cost procedures, from their validated input. */

type Fields = Record<string, unknown>;
const field = (input: unknown, key: string) => String((input as Fields)[key] ?? "?");

/** `cluster/<id>/cost` */
export const costTarget = (input: unknown) => `cluster/${field(input, "clusterId")}/cost`;

/** `cluster/<id>/cost/budget/<id or scope>` */
export const budgetTarget = (input: unknown) => {
  const scope = (input as Fields).scope as Fields | undefined;
  const which =
    (input as Fields).budgetId ??
    (scope ? [scope.kind, scope.namespace ?? scope.userId ?? ""].filter(Boolean).join(":") : "?");
  return `cluster/${field(input, "clusterId")}/cost/budget/${String(which)}`;
};
