import { RolloutsActionOutput, RolloutTarget } from "@clustercord/contracts";
import { restartRollout } from "../../services/rollouts-actions";
import { roleProcedure } from "../../trpc";
import { rolloutAuditTarget } from "./target";

/** Restarts a workload's pods through a rollout (kubectl.kubernetes.io/restartedAt), as the person. */
export const restartRolloutProcedure = roleProcedure("operator")
  .meta({ auditTarget: rolloutAuditTarget })
  .input(RolloutTarget)
  .output(RolloutsActionOutput)
  .mutation(({ ctx, input }) => restartRollout(ctx, ctx.actor, input));
