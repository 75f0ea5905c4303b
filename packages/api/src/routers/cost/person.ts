import { CostPersonInput, CostPersonOutput } from "@clustercord/contracts";
import { costPerson } from "../../services/cost";
import { guildProcedure } from "../../trpc";

/** The guide's "By User": a person's namespaces, pods, usage and cost, with how each was attributed. */
export const personProcedure = guildProcedure
  .input(CostPersonInput)
  .output(CostPersonOutput)
  .query(({ ctx, input }) => costPerson(ctx, ctx.actor, input));
