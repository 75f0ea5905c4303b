import { ClustersAddInput, ClustersAddOutput } from "@clustercord/contracts";
import { addCluster } from "../../services/clusters";
import { roleProcedure } from "../../trpc";

export const addClusterProcedure = roleProcedure("admin")
  .meta({
    auditTarget: (input) => `cluster/${(input as { name?: string })?.name ?? "?"}`,
    rateLimit: "expensive",
  })
  .input(ClustersAddInput)
  .output(ClustersAddOutput)
  .mutation(({ ctx, input }) =>
    addCluster(ctx, { ...input, guildId: ctx.actor.guildId, actorId: ctx.actor.userId }),
  );
