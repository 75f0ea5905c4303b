import { CostConfig, CostConfigGetInput, CostConfigSetInput } from "@clustercord/contracts";
import { getCostConfig, setCostConfig } from "../../services/cost";
import { guildProcedure, roleProcedure, router } from "../../trpc";
import { costTarget } from "./audit-targets";

export const configRouter = router({
  /** Prices in effect, their history and where the numbers come from. */
  get: guildProcedure
    .input(CostConfigGetInput)
    .output(CostConfig)
    .query(({ ctx, input }) => getCostConfig(ctx, ctx.actor, input)),
  /** New prices from now on (never retroactive), or the cluster's OpenCost URL: the owner's admins only. */
  set: roleProcedure("admin")
    .meta({ auditTarget: costTarget })
    .input(CostConfigSetInput)
    .output(CostConfig)
    .mutation(({ ctx, input }) => setCostConfig(ctx, ctx.actor, input)),
});
