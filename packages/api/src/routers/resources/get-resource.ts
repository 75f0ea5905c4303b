import { ResourceDetail, ResourcesGetInput } from "@clustercord/contracts";
import { getResource } from "../../services/resources";
import { guildProcedure } from "../../trpc";

/** One object: summary, YAML, events and related objects, as far as the person may read them. */
export const getResourceProcedure = guildProcedure
  .input(ResourcesGetInput)
  .output(ResourceDetail)
  .query(({ ctx, input }) => getResource(ctx, ctx.actor, input));
