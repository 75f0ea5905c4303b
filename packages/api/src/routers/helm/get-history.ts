import { HelmHistoryOutput, HelmReleaseRef } from "@clustercord/contracts";
import { getHistory } from "../../services/helm-releases";
import { guildProcedure } from "../../trpc";

/** A release's revisions, read as the person. */
export const getHistoryProcedure = guildProcedure
  .input(HelmReleaseRef)
  .output(HelmHistoryOutput)
  .query(({ ctx, input }) => getHistory(ctx, ctx.actor, input));
