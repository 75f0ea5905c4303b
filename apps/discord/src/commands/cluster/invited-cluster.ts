import type { TenantInvitation } from "@clustercord/contracts";
import type { SlashCommandSubcommandBuilder } from "discord.js";
import type { ApiClient } from "../../api-client";
import { UserError } from "../../user-error";

/** The `cluster` option of accept/decline: an invited cluster is not listed yet, so by its id (or name). */
export const withInvitedCluster = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) =>
    o
      .setName("cluster")
      .setDescription("The cluster's id (or name) as /cluster invitations shows it")
      .setRequired(true)
      .setMaxLength(40),
  );

/**
 * The pending invitation `text` names (tenants.invitations, as the web page
 * lists them): by cluster id, else by a name only one invitation has.
 */
export async function invitationNamed(api: ApiClient, text: string): Promise<TenantInvitation> {
  const wanted = text.trim();
  const { invitations } = await api.tenants.invitations.query();
  const byId = invitations.find((i) => i.clusterId === wanted);
  if (byId) return byId;
  const byName = invitations.filter((i) => i.clusterName === wanted.toLowerCase());
  if (byName.length === 1 && byName[0]) return byName[0];
  if (byName.length > 1) {
    throw new UserError(
      `Several servers invited this one to a cluster named ${wanted}; give its id (see /cluster invitations).`,
    );
  }
  throw new UserError(
    `This server has no pending invitation to a cluster ${wanted}.${invitations.length ? " /cluster invitations lists them." : ""}`,
  );
}
