import { renderAccepted } from "../../render/tenants";
import { invitationNamed, withInvitedCluster } from "./invited-cluster";
import type { ClusterSubcommand } from "./types";

/** `/cluster accept cluster:<id>`: tenants.accept (this server's admins). */
export const acceptSubcommand: ClusterSubcommand = {
  name: "accept",
  description: "Accept an invitation to another server's shared cluster (admins)",
  options: withInvitedCluster,
  async execute({ interaction, api }) {
    const invitation = await invitationNamed(api, interaction.options.getString("cluster", true));
    const { cluster, tenant } = await api.tenants.accept.mutate({ clusterId: invitation.clusterId });
    return { embeds: [renderAccepted(cluster, tenant)] };
  },
};
