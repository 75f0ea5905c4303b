import { AlertRulesListInput, AlertRulesListOutput } from "@clustercord/contracts";
import { listRules } from "../../services/alerts";
import { guildProcedure } from "../../trpc";

/** The guild's alert rules (on one cluster, or all) and the mutes silencing them now. */
export const listRulesProcedure = guildProcedure
  .input(AlertRulesListInput)
  .output(AlertRulesListOutput)
  .query(({ ctx, input }) => listRules(ctx, ctx.actor, input));
