import { HelmOperation, HelmOperationInput } from "@clustercord/contracts";
import { getOperation } from "../../services/helm-operations";
import { guildProcedure } from "../../trpc";

/** A running or finished operation: status, Helm's output so far, the outcome. */
export const getOperationProcedure = guildProcedure
  .input(HelmOperationInput)
  .output(HelmOperation)
  .query(({ ctx, input }) => getOperation(ctx, ctx.actor, input));
