import { NamespacesListInput, NamespacesListOutput } from "@clustercord/contracts";
import { listNamespaces } from "../../services/namespaces";
import { guildProcedure } from "../../trpc";

/** Namespaces the person may work in on a cluster, as the cluster itself answers for them. */
export const listNamespacesProcedure = guildProcedure
  .input(NamespacesListInput)
  .output(NamespacesListOutput)
  .query(async ({ ctx, input }) => ({
    namespaces: await listNamespaces(ctx, ctx.actor, input.clusterId),
  }));
