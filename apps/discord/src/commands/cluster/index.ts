import { subcommandGroup } from "../subcommands";
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
import { snapshotButtons, withSnapshotGroup } from "./snapshot";
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

/** `/cluster <subcommand>`: every reply is shown only to the person who asked. */
export const clusterCommand: SlashCommand = {
  // The `snapshot` group: /cluster snapshot create|list|download|diff|restore|delete|schedule…
  ...withSnapshotGroup(
    subcommandGroup(
      "cluster",
      "Kubernetes clusters: list, add, status, namespaces, snapshots, and sharing with other servers",
      clusterSubcommands,
    ),
  ),
  ephemeral: true,
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
  ...snapshotButtons,
];
