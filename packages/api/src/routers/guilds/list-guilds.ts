import { GuildsListOutput } from "@clustercord/contracts";
import { listActorGuilds } from "../../services/membership";
import { protectedProcedure } from "../../trpc";

export const listGuilds = protectedProcedure
  .output(GuildsListOutput)
  .query(({ ctx }) => listActorGuilds(ctx, ctx.identity));
