import { RolloutsCanaryRef, RolloutsCanaryStatusOutput } from "@clustercord/contracts";
import { getCanaryStatus } from "../../services/canary-status";
import { guildProcedure } from "../../trpc";

/** The Deployment's latest canary (running or ended) with its checks; both clients poll it while it runs. */
export const getCanaryProcedure = guildProcedure
  .input(RolloutsCanaryRef)
  .output(RolloutsCanaryStatusOutput)
  .query(({ ctx, input }) => getCanaryStatus(ctx, ctx.actor, input));
