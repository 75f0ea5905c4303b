import { HelmPlan, HelmPlanUpgradeInput } from "@clustercord/contracts";
import { planUpgrade } from "../../services/helm-operations";
import { roleProcedure } from "../../trpc";
import { releaseTarget } from "./audit-targets";

/** Step one of an upgrade: manifest diff and values diff against the live release. A mutation: it stores the plan, and its values can be too big for a URL. */
export const planUpgradeProcedure = roleProcedure("operator")
  .meta({ auditTarget: releaseTarget, rateLimit: "expensive" })
  .input(HelmPlanUpgradeInput)
  .output(HelmPlan)
  .mutation(({ ctx, input }) => planUpgrade(ctx, ctx.actor, input));
