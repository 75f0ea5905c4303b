import { RolloutsPlanUndoInput, RolloutsUndoPlan } from "@clustercord/contracts";
import { planUndo } from "../../services/rollouts-undo";
import { roleProcedure } from "../../trpc";

/** Step one of an undo: current vs target revision and the pod template's diff, with a token. Changes nothing. */
export const planUndoProcedure = roleProcedure("operator")
  .input(RolloutsPlanUndoInput)
  .output(RolloutsUndoPlan)
  .query(({ ctx, input }) => planUndo(ctx, ctx.actor, input));
