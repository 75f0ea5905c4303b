import { PodsGetInput, PodsGetOutput } from "@clustercord/contracts";
import { getPod } from "../../services/pod-logs";
import { guildProcedure } from "../../trpc";

/** One pod of one of the person's namespaces, with its containers, from the shared cache. */
export const getPodProcedure = guildProcedure
  .input(PodsGetInput)
  .output(PodsGetOutput)
  .query(({ ctx, input }) => getPod(ctx, ctx.actor, input));
