import { HelmPlan, HelmPlanUninstallInput } from "@clustercord/contracts";
import { planUninstall } from "../../services/helm-operations";
import { roleProcedure } from "../../trpc";

/** Step one of an uninstall: the objects that will be deleted. */
export const planUninstallProcedure = roleProcedure("operator")
  .meta({ rateLimit: "expensive" })
  .input(HelmPlanUninstallInput)
  .output(HelmPlan)
  .query(({ ctx, input }) => planUninstall(ctx, ctx.actor, input));
