import { RolloutsActionOutput, RolloutTarget } from "@clustercord/contracts";
import { pauseRollout } from "../../services/rollouts-actions";
import { roleProcedure } from "../../trpc";
import { rolloutAuditTarget } from "./target";

/** Pauses a Deployment's rollout (spec.paused), as the person. */
export const pauseRolloutProcedure = roleProcedure("operator")
  .meta({ auditTarget: rolloutAuditTarget })
  .input(RolloutTarget)
  .output(RolloutsActionOutput)
  .mutation(({ ctx, input }) => pauseRollout(ctx, ctx.actor, input));
