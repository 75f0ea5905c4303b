import { renderInvitations } from "../../render/tenants";
import type { ClusterSubcommand } from "./types";

/** `/cluster invitations`: tenants.invitations (this server's admins). */
export const invitationsSubcommand: ClusterSubcommand = {
  name: "invitations",
  description: "Show other servers' invitations to share their clusters with this one (admins)",
  async execute({ interaction, api }) {
    const { invitations } = await api.tenants.invitations.query();
    return { embeds: [renderInvitations(interaction.guild?.name, invitations)] };
  },
};
