import { RolloutsActionOutput, RolloutsUndoInput } from "@clustercord/contracts";
import { undoRollout } from "../../services/rollouts-undo";
import { roleProcedure } from "../../trpc";
import { rolloutAuditTarget } from "./target";

const undoTarget = (input: unknown) =>
  `${rolloutAuditTarget(input)}/revision/${(input as { revision?: number }).revision ?? "previous"}`;

/** Step two: writes the revision's template back to the Deployment as the person, given the plan's token. */
export const undoRolloutProcedure = roleProcedure("operator")
  .meta({ auditTarget: undoTarget })
  .input(RolloutsUndoInput)
  .output(RolloutsActionOutput)
  .mutation(({ ctx, input }) => undoRollout(ctx, ctx.actor, input));
