import { ResourcesListInput, ResourcesListOutput } from "@clustercord/contracts";
import { listResources } from "../../services/resources";
import { guildProcedure } from "../../trpc";

/** Objects of one kind the person may list, from the cluster's shared watch-backed cache. */
export const listResourcesProcedure = guildProcedure
  .input(ResourcesListInput)
  .output(ResourcesListOutput)
  .query(({ ctx, input }) => listResources(ctx, ctx.actor, input));
