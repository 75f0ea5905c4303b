import { ResourceKindsInput, ResourceKindsOutput } from "@clustercord/contracts";
import { listKinds } from "../../services/resources";
import { guildProcedure } from "../../trpc";

/** The kinds the browser can show on a cluster: built-ins and its custom resources. */
export const listKindsProcedure = guildProcedure
  .input(ResourceKindsInput)
  .output(ResourceKindsOutput)
  .query(({ ctx, input }) => listKinds(ctx, ctx.actor, input.clusterId));
