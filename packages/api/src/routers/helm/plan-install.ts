import { HelmPlan, HelmPlanInstallInput } from "@clustercord/contracts";
import { planInstall } from "../../services/helm-operations";
import { roleProcedure } from "../../trpc";
import { releaseTarget } from "./audit-targets";

/** Step one of an install: renders with --dry-run=server as the person and diffs against what is live. A mutation: it stores the plan, and its values can be too big for a URL. */
export const planInstallProcedure = roleProcedure("operator")
  .meta({ auditTarget: releaseTarget, rateLimit: "expensive" })
  .input(HelmPlanInstallInput)
  .output(HelmPlan)
  .mutation(({ ctx, input }) => planInstall(ctx, ctx.actor, input));
