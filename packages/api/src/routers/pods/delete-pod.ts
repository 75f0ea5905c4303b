import { PodsDeleteInput, PodsDeleteOutput } from "@clustercord/contracts";
import { deletePodConfirmed } from "../../services/pod-delete";
import { roleProcedure } from "../../trpc";

const podTarget = (input: unknown) => {
  const { clusterId, namespace, pod } = input as Partial<PodsDeleteInput>;
  return `cluster/${clusterId ?? "?"}/namespace/${namespace ?? "?"}/pod/${pod ?? "?"}`;
};

/** Step two: deletes the pod as the person, given the token its plan returned to them. */
export const deletePodProcedure = roleProcedure("operator")
  .meta({ auditTarget: podTarget, rateLimit: "expensive" })
  .input(PodsDeleteInput)
  .output(PodsDeleteOutput)
  .mutation(({ ctx, input }) => deletePodConfirmed(ctx, ctx.actor, input));
