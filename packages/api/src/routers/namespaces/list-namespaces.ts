import { NamespacesListInput, NamespacesListOutput } from "@clustercord/contracts";
import { listNamespaces } from "../../services/namespaces";
import { guildProcedure } from "../../trpc";

/** Namespaces the person may work in on a cluster, as the cluster itself answers for them. */
export const listNamespacesProcedure = guildProcedure
  .input(NamespacesListInput)
  .output(NamespacesListOutput)
  .query(async ({ ctx, input }) => ({
    namespaces: await listNamespaces(
      ctx,
      { userId: ctx.identity.userId, guildId: ctx.membership.guild.id, role: ctx.membership.role },
      input.clusterId,
    ),
  }));
