import { RolloutsCanaryInput, RolloutsCanaryOutput } from "@clustercord/contracts";
import { startCanary } from "../../services/canary";
import { roleProcedure } from "../../trpc";
import { canaryAuditTarget } from "./canary-target";

const startTarget = (input: unknown) => {
  const { image, percentage } = input as { image?: string; percentage?: number };
  return `${canaryAuditTarget(input)}/image/${image ?? "?"}/percentage/${percentage ?? "?"}`;
};

/** Step two: creates the canary as the person (given the plan's token); its analysis then promotes or rolls it back. */
export const startCanaryProcedure = roleProcedure("operator")
  .meta({ auditTarget: startTarget, rateLimit: "expensive" })
  .input(RolloutsCanaryInput)
  .output(RolloutsCanaryOutput)
  .mutation(({ ctx, input }) => startCanary(ctx, ctx.actor, ctx.identity.via, input));
