import { BlueprintRun, HelmConfirmInput } from "@clustercord/contracts";
import { installBlueprint } from "../../services/blueprints";
import { roleProcedure } from "../../trpc";
import { planTarget } from "../helm/audit-targets";

/** Step two: installs the planned components in order; the person gets a DM with URLs and credentials. */
export const installBlueprintProcedure = roleProcedure("operator")
  .meta({ auditTarget: planTarget, rateLimit: "expensive" })
  .input(HelmConfirmInput)
  .output(BlueprintRun)
  .mutation(({ ctx, input }) => installBlueprint(ctx, ctx.actor, input));
