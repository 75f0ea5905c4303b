import { RolloutsCanaryOutput, RolloutsCanaryRef } from "@clustercord/contracts";
import { abortCanary } from "../../services/canary-end";
import { roleProcedure } from "../../trpc";
import { canaryAuditTarget } from "./canary-target";

/** Aborts the running canary now, as the person: the canary is removed, the stable's replicas and traffic restored. */
export const abortCanaryProcedure = roleProcedure("operator")
  .meta({ auditTarget: canaryAuditTarget })
  .input(RolloutsCanaryRef)
  .output(RolloutsCanaryOutput)
  .mutation(({ ctx, input }) => abortCanary(ctx, ctx.actor, input));
