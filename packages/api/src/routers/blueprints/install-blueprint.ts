import { BlueprintRun, HelmConfirmInput } from "@clustercord/contracts";
import { installBlueprint } from "../../services/blueprints";
import { roleProcedure } from "../../trpc";

const target = (input: unknown) => {
  const { clusterId, planId } = input as { clusterId?: string; planId?: string };
  return `cluster/${clusterId ?? "?"}/plan/${planId ?? "?"}`;
};

/** Step two: installs the planned components in order; the person gets a DM with URLs and credentials. */
export const installBlueprintProcedure = roleProcedure("operator")
  .meta({ auditTarget: target, rateLimit: "expensive" })
  .input(HelmConfirmInput)
  .output(BlueprintRun)
  .mutation(({ ctx, input }) => installBlueprint(ctx, ctx.actor, input));
