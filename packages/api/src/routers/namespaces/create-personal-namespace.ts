import { NamespacesCreatePersonalInput, NamespacesCreatePersonalOutput } from "@clustercord/contracts";
import { createPersonalNamespace } from "../../services/tenants";
import { roleProcedure } from "../../trpc";

/** The caller's own namespace on a shared cluster (clustercord-user-<id>), with the server's quota and policies. */
export const createPersonalNamespaceProcedure = roleProcedure("operator")
  .meta({
    auditTarget: (input) => `cluster/${(input as { clusterId?: string })?.clusterId ?? "?"}/personal`,
    rateLimit: "expensive",
  })
  .input(NamespacesCreatePersonalInput)
  .output(NamespacesCreatePersonalOutput)
  .mutation(({ ctx, input }) => createPersonalNamespace(ctx, ctx.actor, input.clusterId));
