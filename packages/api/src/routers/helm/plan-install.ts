import { HelmPlan, HelmPlanInstallInput } from "@clustercord/contracts";
import { planInstall } from "../../services/helm-operations";
import { roleProcedure } from "../../trpc";

/** Step one of an install: renders with --dry-run=server as the person and diffs against what is live. */
export const planInstallProcedure = roleProcedure("operator")
  .meta({ rateLimit: "expensive" })
  .input(HelmPlanInstallInput)
  .output(HelmPlan)
  .query(({ ctx, input }) => planInstall(ctx, ctx.actor, input));
