import { RolloutsCanaryOutput, RolloutsCanaryRef } from "@clustercord/contracts";
import { promoteCanary } from "../../services/canary-end";
import { roleProcedure } from "../../trpc";
import { canaryAuditTarget } from "./canary-target";

/** Promotes the running canary now, as the person: the stable gets its image, the canary is removed. */
export const promoteCanaryProcedure = roleProcedure("operator")
  .meta({ auditTarget: canaryAuditTarget })
  .input(RolloutsCanaryRef)
  .output(RolloutsCanaryOutput)
  .mutation(({ ctx, input }) => promoteCanary(ctx, ctx.actor, input));
