import { HelmPlan, HelmPlanUninstallInput } from "@clustercord/contracts";
import { planUninstall } from "../../services/helm-operations";
import { roleProcedure } from "../../trpc";
import { releaseTarget } from "./audit-targets";

/** Step one of an uninstall: the objects that will be deleted. A mutation: it stores the plan, and its values can be too big for a URL. */
export const planUninstallProcedure = roleProcedure("operator")
  .meta({ auditTarget: releaseTarget, rateLimit: "expensive" })
  .input(HelmPlanUninstallInput)
  .output(HelmPlan)
  .mutation(({ ctx, input }) => planUninstall(ctx, ctx.actor, input));
