import { ActionPlan, PodsPlanDeleteInput } from "@clustercord/contracts";
import { planDeletePod } from "../../services/pod-delete";
import { roleProcedure } from "../../trpc";

/** Step one of deleting a pod: what happens (is it replaced?), and a token to confirm it. Changes nothing. */
export const planDeletePodProcedure = roleProcedure("operator")
  .input(PodsPlanDeleteInput)
  .output(ActionPlan)
  .query(({ ctx, input }) => planDeletePod(ctx, ctx.actor, input));
