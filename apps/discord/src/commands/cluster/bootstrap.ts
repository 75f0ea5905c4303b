import { BlueprintKey, type BlueprintRun } from "@clustercord/contracts";
import type { ButtonInteraction, InteractionEditReplyOptions } from "discord.js";
import type { ApiClient } from "../../api-client";
import { renderBlueprintPlan, renderBlueprintRun } from "../../render/helm-blueprint";
import { CANCELLED, renderOutcome } from "../../render/plan";
import { UserError } from "../../user-error";
import { follow } from "../helm/follow";
import { confirmedPlan } from "../helm/operation";
import { downloadValues } from "../helm/values-file";
import type { ButtonHandler } from "../types";
import { splitComponentValues } from "./bootstrap-values";
import { assertAsker, confirmRow } from "./confirm";
import { customId, packId } from "./custom-id";
import { clusterNamedOrOnly } from "./shared";
import type { ClusterSubcommand } from "./types";

const CONFIRM = "bp-ok";
const CANCEL = "bp-no";
const OUT_OF_DATE = "That button is out of date; run /cluster bootstrap again.";

/**
 * `/cluster bootstrap preset:<p> [custom_values:<file>] [email] [cluster]`:
 * blueprints.plan (each component's plan, in order) with Confirm/Cancel;
 * Confirm runs blueprints.install and follows blueprints.run. The DM with
 * access URLs and credentials is the API's (notify), never this message.
 */
export const bootstrapSubcommand: ClusterSubcommand = {
  name: "bootstrap",
  description:
    "Install a preset stack: monitoring, logging, argocd, cert-manager, full-stack (asks to confirm)",
  options: (sub) =>
    sub
      .addStringOption((o) =>
        o
          .setName("preset")
          .setDescription("Which stack")
          .setRequired(true)
          .addChoices(BlueprintKey.options.map((k) => ({ name: k, value: k }))),
      )
      .addAttachmentOption((o) =>
        o
          .setName("custom_values")
          .setDescription("YAML with a section per component (e.g. grafana:) over the preset's values"),
      )
      .addStringOption((o) =>
        o.setName("email").setDescription("For Let's Encrypt (cert-manager, full-stack)").setMaxLength(254),
      )
      .addStringOption((o) =>
        o
          .setName("cluster")
          .setDescription("The cluster's name (default: this server's only cluster)")
          .setMaxLength(40),
      ),
  async execute({ interaction, api }) {
    const preset = BlueprintKey.safeParse(interaction.options.getString("preset", true));
    if (!preset.success) throw new UserError("Pick a preset from the list.");
    const file = interaction.options.getAttachment("custom_values");
    const text = file ? await downloadValues(file) : undefined;
    const cluster = await clusterNamedOrOnly(
      api,
      interaction.options.getString("cluster")?.trim() || undefined,
    );
    let customValues: Record<string, string> | undefined;
    if (text !== undefined) {
      const { blueprints } = await api.blueprints.list.query();
      const components = blueprints.find((b) => b.key === preset.data)?.components.map((c) => c.name) ?? [];
      customValues = splitComponentValues(text, components);
    }
    const email = interaction.options.getString("email")?.trim() || undefined;
    const plan = await api.blueprints.plan.mutate({
      clusterId: cluster.id,
      preset: preset.data,
      ...(email ? { email } : {}),
      ...(customValues ? { customValues } : {}),
    });
    return {
      embeds: [renderBlueprintPlan(plan, cluster.name)],
      components: [
        confirmRow(
          customId(CONFIRM, packId(plan.planId), plan.confirmToken),
          `Install ${plan.preset}`,
          customId(CANCEL, packId(cluster.id)),
        ),
      ],
    };
  },
};

const runReply = (run: BlueprintRun): InteractionEditReplyOptions => ({
  embeds: [renderBlueprintRun(run)],
  components: [],
});

async function followRun(
  api: ApiClient,
  interaction: ButtonInteraction<"cached" | "raw">,
  first: BlueprintRun,
) {
  const edit = (reply: InteractionEditReplyOptions) =>
    interaction.editReply({ ...reply, allowedMentions: { parse: [] } });
  await edit(runReply(first));
  return follow(first, {
    poll: () => api.blueprints.run.query({ clusterId: first.clusterId, runId: first.id }),
    done: (run) => run.status !== "running",
    render: runReply,
    edit,
    givenUp: (run) => ({
      embeds: [
        renderOutcome(
          `Bootstrapping ${run.preset} is still running; its components will show in /helm list.`,
          "brand",
        ),
      ],
      components: [],
    }),
  });
}

/** Confirm: blueprints.install as whoever clicked (the token is bound to the person who planned it). */
export const bootstrapConfirmButton: ButtonHandler = {
  prefix: CONFIRM,
  async execute({ interaction, api, args }) {
    const run = await api.blueprints.install.mutate(confirmedPlan(interaction, args, CANCEL, OUT_OF_DATE));
    return followRun(api, interaction, run);
  },
};

export const bootstrapCancelButton: ButtonHandler = {
  prefix: CANCEL,
  async execute({ interaction }) {
    assertAsker(interaction);
    return { embeds: [renderOutcome(CANCELLED, "brand")], components: [] };
  },
};
