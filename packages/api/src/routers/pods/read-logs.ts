import { PodsLogsInput, PodsLogsOutput } from "@clustercord/contracts";
import { readPodLogs } from "../../services/pod-logs";
import { guildProcedure } from "../../trpc";

/** The end of a container's log (at most 5,000 lines and 1 MiB), read as the person. */
export const readLogsProcedure = guildProcedure
  .input(PodsLogsInput)
  .output(PodsLogsOutput)
  .query(({ ctx, input }) => readPodLogs(ctx, ctx.actor, input));
