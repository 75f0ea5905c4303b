import { HelmOperation, HelmOperationInput } from "@clustercord/contracts";
import { cancelOperation } from "../../services/helm-operations";
import { roleProcedure } from "../../trpc";

const target = (input: unknown) => {
  const { clusterId, operationId } = input as { clusterId?: string; operationId?: string };
  return `cluster/${clusterId ?? "?"}/operation/${operationId ?? "?"}`;
};

/** Cancels a running operation (Helm is stopped; an atomic upgrade rolls back). */
export const cancelOperationProcedure = roleProcedure("operator")
  .meta({ auditTarget: target })
  .input(HelmOperationInput)
  .output(HelmOperation)
  .mutation(({ ctx, input }) => cancelOperation(ctx, ctx.actor, input));
