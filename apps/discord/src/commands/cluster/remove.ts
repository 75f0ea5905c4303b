import type { InteractionEditReplyOptions } from "discord.js";
import { renderOutcome, renderPlan } from "../../render/plan";
import { plain } from "../../render/style";
import type { ButtonHandler } from "../types";
import { cancelButton, confirmRow } from "./confirm";
import { customId, packId, unpackId } from "./custom-id";
import { clusterNamed, withClusterName } from "./shared";
import type { ClusterSubcommand } from "./types";

const CONFIRM = "cluster-remove";
const CANCEL = "cluster-remove-cancel";

/** `/cluster remove name:<n>`: clusters.planRemove with Confirm/Cancel; the API re-checks everything on confirm. */
export const removeSubcommand: ClusterSubcommand = {
  name: "remove",
  description: "Remove a cluster from this server (admins; asks to confirm)",
  options: withClusterName,
  async execute({ interaction, api }) {
    const cluster = await clusterNamed(api, interaction.options.getString("name", true));
    const plan = await api.clusters.planRemove.query({ clusterId: cluster.id });
    return {
      embeds: [renderPlan(plan)],
      components: [
        confirmRow(
          customId(CONFIRM, packId(cluster.id), plan.confirmToken),
          `Remove ${cluster.name}`,
          CANCEL,
        ),
      ],
    };
  },
};

/** Confirm: clusters.remove as whoever clicked (the token is bound to the person who planned it). */
export const removeConfirmButton: ButtonHandler = {
  prefix: CONFIRM,
  async execute({ api, args }): Promise<InteractionEditReplyOptions> {
    const [packed = "", confirmToken = ""] = args;
    const clusterId = unpackId(packed) ?? packed;
    const { removed } = await api.clusters.remove.mutate({ clusterId, confirmToken });
    return { embeds: [renderOutcome(`Removed cluster ${plain(removed, 40)}.`)], components: [] };
  },
};

export const removeCancelButton = cancelButton(CANCEL);
