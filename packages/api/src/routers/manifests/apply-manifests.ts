import { ManifestApplyResult, ManifestsApplyInput } from "@clustercord/contracts";
import { applyPlan } from "../../services/manifests";
import { roleProcedure } from "../../trpc";
import { planTarget } from "./audit-targets";

/** Step two: server-side apply of exactly the planned objects, as the person, in dependency order; stops at the first failure. */
export const applyManifestsProcedure = roleProcedure("operator")
  .meta({ auditTarget: planTarget, rateLimit: "expensive" })
  .input(ManifestsApplyInput)
  .output(ManifestApplyResult)
  .mutation(({ ctx, input }) => applyPlan(ctx, ctx.actor, input));
