import { RolloutsActionOutput, RolloutTarget } from "@clustercord/contracts";
import { resumeRollout } from "../../services/rollouts-actions";
import { roleProcedure } from "../../trpc";
import { rolloutAuditTarget } from "./target";

/** Resumes a paused Deployment's rollout, as the person. */
export const resumeRolloutProcedure = roleProcedure("operator")
  .meta({ auditTarget: rolloutAuditTarget })
  .input(RolloutTarget)
  .output(RolloutsActionOutput)
  .mutation(({ ctx, input }) => resumeRollout(ctx, ctx.actor, input));
