import type { InteractionEditReplyOptions } from "discord.js";
import { renderOutcome, renderPlan } from "../../render/plan";
import { plain } from "../../render/style";
import type { ButtonHandler } from "../types";
import { cancelButton, confirmRow } from "./confirm";
import { customId, packId, unpackId } from "./custom-id";
import { clusterNamed, withClusterName } from "./shared";
import type { ClusterSubcommand } from "./types";

const CONFIRM = "cluster-leave";
const CANCEL = "cluster-leave-cancel";

/** `/cluster leave name:<n>`: tenants.planLeave with Confirm/Cancel (this server's admins). */
export const leaveSubcommand: ClusterSubcommand = {
  name: "leave",
  description: "Stop using another server's shared cluster here (admins; asks to confirm)",
  options: withClusterName,
  async execute({ interaction, api }) {
    const cluster = await clusterNamed(api, interaction.options.getString("name", true));
    const plan = await api.tenants.planLeave.query({ clusterId: cluster.id });
    return {
      embeds: [renderPlan(plan)],
      components: [
        confirmRow(customId(CONFIRM, packId(cluster.id), plan.confirmToken), `Leave ${cluster.name}`, CANCEL),
      ],
    };
  },
};

/** Confirm: tenants.leave as whoever clicked (the token is bound to the person who planned it). */
export const leaveConfirmButton: ButtonHandler = {
  prefix: CONFIRM,
  async execute({ api, args }): Promise<InteractionEditReplyOptions> {
    const [packed = "", confirmToken = ""] = args;
    const clusterId = unpackId(packed) ?? packed;
    const { left } = await api.tenants.leave.mutate({ clusterId, confirmToken });
    return {
      embeds: [renderOutcome(`This server left ${plain(left, 40)}; its members cannot use it any more.`)],
      components: [],
    };
  },
};

export const leaveCancelButton = cancelButton(CANCEL);
