import { HelmOperation, HelmOperationInput } from "@clustercord/contracts";
import { cancelOperation } from "../../services/helm-operations";
import { roleProcedure } from "../../trpc";
import { operationTarget } from "./audit-targets";

/** Cancels a running operation (Helm is stopped; an atomic upgrade rolls back). */
export const cancelOperationProcedure = roleProcedure("operator")
  .meta({ auditTarget: operationTarget })
  .input(HelmOperationInput)
  .output(HelmOperation)
  .mutation(({ ctx, input }) => cancelOperation(ctx, ctx.actor, input));
