import { RolloutsActionOutput, RolloutsScaleInput } from "@clustercord/contracts";
import { scaleWorkload } from "../../services/rollouts-actions";
import { roleProcedure } from "../../trpc";
import { rolloutAuditTarget } from "./target";

/** Sets a Deployment's or StatefulSet's replicas through its scale subresource, as the person. */
export const scaleRolloutProcedure = roleProcedure("operator")
  .meta({ auditTarget: rolloutAuditTarget })
  .input(RolloutsScaleInput)
  .output(RolloutsActionOutput)
  .mutation(({ ctx, input }) => scaleWorkload(ctx, ctx.actor, input));
