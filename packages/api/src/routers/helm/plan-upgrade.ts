import { HelmPlan, HelmPlanUpgradeInput } from "@clustercord/contracts";
import { planUpgrade } from "../../services/helm-operations";
import { roleProcedure } from "../../trpc";

/** Step one of an upgrade: manifest diff and values diff against the live release. */
export const planUpgradeProcedure = roleProcedure("operator")
  .meta({ rateLimit: "expensive" })
  .input(HelmPlanUpgradeInput)
  .output(HelmPlan)
  .query(({ ctx, input }) => planUpgrade(ctx, ctx.actor, input));
