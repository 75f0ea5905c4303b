import { RolloutsCanaryPlan, RolloutsPlanCanaryInput } from "@clustercord/contracts";
import { planCanary } from "../../services/canary";
import { roleProcedure } from "../../trpc";

/** Step one of a canary: what is created and scaled, the traffic split and the window, with a token to start it. Changes nothing. */
export const planCanaryProcedure = roleProcedure("operator")
  .input(RolloutsPlanCanaryInput)
  .output(RolloutsCanaryPlan)
  .query(({ ctx, input }) => planCanary(ctx, ctx.actor, input));
