import { HelmConfirmInput, HelmOperation } from "@clustercord/contracts";
import { confirmPlan } from "../../services/helm-operations";
import { roleProcedure } from "../../trpc";

const target = (input: unknown) => {
  const { clusterId, planId } = input as { clusterId?: string; planId?: string };
  return `cluster/${clusterId ?? "?"}/plan/${planId ?? "?"}`;
};

/** Step two: runs exactly the install the plan showed, as the person, in the background. */
export const installChartProcedure = roleProcedure("operator")
  .meta({ auditTarget: target, rateLimit: "expensive" })
  .input(HelmConfirmInput)
  .output(HelmOperation)
  .mutation(({ ctx, input }) => confirmPlan(ctx, ctx.actor, "install", input));
