import { renderOutcome } from "../../render/plan";
import { plain } from "../../render/style";
import { invitationNamed, withInvitedCluster } from "./invited-cluster";
import type { ClusterSubcommand } from "./types";

/** `/cluster decline cluster:<id>`: tenants.decline (this server's admins); the invitation is deleted. */
export const declineSubcommand: ClusterSubcommand = {
  name: "decline",
  description: "Decline an invitation to another server's shared cluster (admins)",
  options: withInvitedCluster,
  async execute({ interaction, api }) {
    const invitation = await invitationNamed(api, interaction.options.getString("cluster", true));
    const { declined } = await api.tenants.decline.mutate({ clusterId: invitation.clusterId });
    return {
      embeds: [renderOutcome(`Declined the invitation to ${plain(declined, 40)}; nothing was set up.`)],
    };
  },
};
