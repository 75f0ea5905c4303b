import type { InteractionEditReplyOptions } from "discord.js";
import { renderOutcome, renderPlan } from "../../render/plan";
import { plain } from "../../render/style";
import type { ButtonHandler } from "../types";
import { cancelButton, confirmRow } from "./confirm";
import { customId, packId, unpackId } from "./custom-id";
import { clusterNamed, withClusterName, withServer } from "./shared";
import type { ClusterSubcommand } from "./types";

const CONFIRM = "cluster-revoke";
const CANCEL = "cluster-revoke-cancel";

/** `/cluster revoke name:<n> server:<id>`: tenants.planRevoke with Confirm/Cancel. */
export const revokeSubcommand: ClusterSubcommand = {
  name: "revoke",
  description: "Revoke a server's access to a shared cluster (admins; asks to confirm)",
  options: (sub) => withServer(withClusterName(sub)),
  async execute({ interaction, api }) {
    const cluster = await clusterNamed(api, interaction.options.getString("name", true));
    const guildId = interaction.options.getString("server", true).trim();
    const plan = await api.tenants.planRevoke.query({ clusterId: cluster.id, guildId });
    return {
      embeds: [renderPlan(plan)],
      components: [
        confirmRow(
          // cluster-revoke:<22>:<≤20>:<~31> stays under Discord's 100 characters.
          customId(CONFIRM, packId(cluster.id), guildId, plan.confirmToken),
          "Revoke access",
          CANCEL,
        ),
      ],
    };
  },
};

/** Confirm: tenants.revoke as whoever clicked (the token is bound to the person who planned it). */
export const revokeConfirmButton: ButtonHandler = {
  prefix: CONFIRM,
  async execute({ api, args }): Promise<InteractionEditReplyOptions> {
    const [packed = "", guildId = "", confirmToken = ""] = args;
    const clusterId = unpackId(packed) ?? packed;
    const { revoked } = await api.tenants.revoke.mutate({ clusterId, guildId, confirmToken });
    return { embeds: [renderOutcome(`Revoked access for ${plain(revoked, 100)}.`)], components: [] };
  },
};

export const revokeCancelButton = cancelButton(CANCEL);
