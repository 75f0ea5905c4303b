import { AlertRulesCreateOutput } from "@clustercord/contracts";
import { createRule } from "../../services/alerts";
import { guildProcedure } from "../../trpc";
import { ruleCreateTarget } from "./audit-targets";
import { AlertRulesCreateInput } from "./inputs";

/** A new rule of the guild; subscribing channels or other people needs the admin role (checked in the service). */
export const createRuleProcedure = guildProcedure
  .meta({ auditTarget: ruleCreateTarget })
  .input(AlertRulesCreateInput)
  .output(AlertRulesCreateOutput)
  .mutation(({ ctx, input }) => createRule(ctx, ctx.actor, input));
