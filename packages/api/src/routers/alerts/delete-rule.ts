import { AlertRulesDeleteInput, AlertRulesDeleteOutput } from "@clustercord/contracts";
import { deleteRule } from "../../services/alerts";
import { guildProcedure } from "../../trpc";
import { ruleTarget } from "./audit-targets";

/** Deletes a rule of the guild: its creator or an admin. */
export const deleteRuleProcedure = guildProcedure
  .meta({ auditTarget: ruleTarget })
  .input(AlertRulesDeleteInput)
  .output(AlertRulesDeleteOutput)
  .mutation(({ ctx, input }) => deleteRule(ctx, ctx.actor, input));
