import { SlashCommandBuilder } from "discord.js";
import { UserError } from "../../user-error";
import type { ButtonHandler, SlashCommand } from "../types";
import { acceptSubcommand } from "./accept";
import { addSubcommand } from "./add";
import { bootstrapCancelButton, bootstrapConfirmButton, bootstrapSubcommand } from "./bootstrap";
import { declineSubcommand } from "./decline";
import { egressSubcommand } from "./egress";
import { grantSubcommand } from "./grant";
import { invitationsSubcommand } from "./invitations";
import { leaveCancelButton, leaveConfirmButton, leaveSubcommand } from "./leave";
import { listSubcommand } from "./list";
import { myNamespaceSubcommand } from "./my-namespace";
import { namespacesSubcommand } from "./namespaces";
import { quotaSubcommand } from "./quota";
import { removeCancelButton, removeConfirmButton, removeSubcommand } from "./remove";
import { renameSubcommand } from "./rename";
import { revokeCancelButton, revokeConfirmButton, revokeSubcommand } from "./revoke";
import { serversSubcommand } from "./servers";
import { setupSubcommand } from "./setup";
import { statusSubcommand } from "./status";
import type { ClusterSubcommand } from "./types";

/** In the order Discord lists them. Each calls the procedure the web page calls for the same thing. */
export const clusterSubcommands: readonly ClusterSubcommand[] = [
  listSubcommand,
  statusSubcommand,
  setupSubcommand,
  addSubcommand,
  renameSubcommand,
  removeSubcommand,
  namespacesSubcommand,
  myNamespaceSubcommand,
  serversSubcommand,
  grantSubcommand,
  quotaSubcommand,
  egressSubcommand,
  revokeSubcommand,
  // The invited server's side of sharing.
  invitationsSubcommand,
  acceptSubcommand,
  declineSubcommand,
  leaveSubcommand,
  // Blueprints: a preset stack through the same plan/confirm path as /helm.
  bootstrapSubcommand,
];

function buildDefinition() {
  const builder = new SlashCommandBuilder()
    .setName("cluster")
    .setDescription("Kubernetes clusters: list, add, status, namespaces, and sharing with other servers");
  for (const s of clusterSubcommands) {
    builder.addSubcommand((sub) => {
      const named = sub.setName(s.name).setDescription(s.description);
      return s.options ? s.options(named) : named;
    });
  }
  return builder.toJSON();
}

const byName = new Map(clusterSubcommands.map((s) => [s.name, s]));

/** `/cluster <subcommand>`: every reply is shown only to the person who asked. */
export const clusterCommand: SlashCommand = {
  definition: buildDefinition(),
  ephemeral: true,
  async execute(ctx) {
    const name = ctx.interaction.options.getSubcommand(false);
    const sub = name ? byName.get(name) : undefined;
    if (!sub) throw new UserError(`/cluster has no subcommand ${name ?? "(none given)"}.`);
    return sub.execute(ctx);
  },
};

export const clusterButtons: readonly ButtonHandler[] = [
  removeConfirmButton,
  removeCancelButton,
  revokeConfirmButton,
  revokeCancelButton,
  leaveConfirmButton,
  leaveCancelButton,
  bootstrapConfirmButton,
  bootstrapCancelButton,
];
