import type { CanaryStatus, RolloutsCanaryPlan, RolloutsCanaryRef } from "@clustercord/contracts";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type InteractionEditReplyOptions,
  type SlashCommandSubcommandBuilder,
} from "discord.js";
import { CANCELLED, renderOutcome } from "../render/plan";
import { type CanaryRequest, canaryImageOf, renderCanary, renderCanaryPlan } from "../render/rollouts";
import { UserError } from "../user-error";
import { argsOnMessage, assertAsker, confirmRow } from "./cluster/confirm";
import { CUSTOM_ID_MAX, customId, packId, unpackId } from "./cluster/custom-id";
import type { ClusterSubcommand } from "./cluster/types";
import { type RolloutsApi, rolloutsApi } from "./deploy-api";
import { type DeployTarget, targetOf, withWhere, withWorkload } from "./deploy-target";
import { editorOf, watchCanary } from "./deploy-watch";
import type { ButtonHandler } from "./types";

/**
 * `/deploy canary`: rollouts.planCanary (what is created and scaled, the
 * traffic split) with Confirm/Cancel; Confirm starts it (rollouts.canary) and
 * the message follows rollouts.canaryStatus every 5 s until it is promoted or
 * rolled back (with the reason), with Promote now / Abort buttons meanwhile.
 *
 * Custom ids hold 100 characters and an image up to 512, so Confirm carries
 * the token, percentage, window and deployment; Cancel the cluster and
 * namespace; the image is read back from the plan's embed (the bot's own).
 */
const CONFIRM = "dep-can-ok";
const CANCEL = "dep-can-no";
const PROMOTE = "dep-can-pro";
const ABORT = "dep-can-abt";
const OUT_OF_DATE = "That button is out of date; run the /deploy command again.";

const fits = (prefix: string, args: readonly string[]) => [prefix, ...args].join(":").length <= CUSTOM_ID_MAX;

/** `window:` as seconds: `90s`, `5m`, `1h`, or a bare number of minutes; null when it does not parse. */
export function parseWindow(text: string): number | null {
  const m = /^(\d{1,6})\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)?$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? "m").toLowerCase()[0];
  return unit === "s" ? n : unit === "h" ? n * 3600 : n * 60;
}

/** The Confirm and Cancel ids for a canary plan. */
export function canaryButtonIds(target: DeployTarget, req: CanaryRequest, confirmToken: string) {
  const confirmArgs = [confirmToken, String(req.percentage), String(req.windowSeconds), target.name];
  const cancelArgs = [packId(target.clusterId), target.namespace];
  if (!fits(CONFIRM, confirmArgs) || !fits(CANCEL, cancelArgs)) {
    throw new UserError(
      `${target.name} has too long a name for Discord's buttons; start the canary in the web dashboard instead.`,
    );
  }
  return { confirm: customId(CONFIRM, ...confirmArgs), cancel: customId(CANCEL, ...cancelArgs) };
}

/** Promote now / Abort under a running canary (none when the names do not fit a custom id). */
export function canaryActionRow(ref: RolloutsCanaryRef) {
  const args = [packId(ref.clusterId), ref.namespace, ref.deployment];
  if (!fits(PROMOTE, args) || !fits(ABORT, args)) return [];
  return [
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId(customId(PROMOTE, ...args))
        .setLabel("Promote now")
        .setStyle(ButtonStyle.Success),
      new ButtonBuilder()
        .setCustomId(customId(ABORT, ...args))
        .setLabel("Abort")
        .setStyle(ButtonStyle.Danger),
    ),
  ];
}

export function canaryPlanReply(
  plan: RolloutsCanaryPlan,
  target: DeployTarget,
  req: CanaryRequest,
): InteractionEditReplyOptions {
  const ids = canaryButtonIds(target, req, plan.confirmToken);
  return {
    embeds: [renderCanaryPlan(plan, req)],
    components: [confirmRow(ids.confirm, `Start canary of ${target.name}`, ids.cancel)],
  };
}

const refOf = (t: Pick<DeployTarget, "clusterId" | "namespace" | "name">): RolloutsCanaryRef => ({
  clusterId: t.clusterId,
  namespace: t.namespace,
  deployment: t.name,
});

/** Follows a canary in the message it is shown in. */
function follow(
  edit: (r: InteractionEditReplyOptions) => Promise<unknown>,
  rollouts: RolloutsApi,
  canary: CanaryStatus,
  headline?: string,
) {
  const ref = refOf({ clusterId: canary.clusterId, namespace: canary.namespace, name: canary.deployment });
  return watchCanary(edit, rollouts, ref, canary, () => canaryActionRow(ref), headline ? { headline } : {});
}

export const canarySubcommand: ClusterSubcommand = {
  name: "canary",
  description: "Start a canary of a Deployment with a new image (shows the plan; asks to confirm)",
  options: (sub: SlashCommandSubcommandBuilder) =>
    withWhere(
      withWorkload(sub)
        .addStringOption((o) =>
          o
            .setName("image")
            .setDescription("The canary's image, e.g. ghcr.io/acme/api:1.5")
            .setRequired(true)
            .setMaxLength(512),
        )
        .addIntegerOption((o) =>
          o
            .setName("percentage")
            .setDescription("The share of replicas (or traffic) for the canary, 1-99")
            .setRequired(true),
        )
        .addStringOption((o) =>
          o
            .setName("window")
            .setDescription("How long to analyse before promoting: 90s, 5m, 1h (default 5m)")
            .setMaxLength(20),
        ),
      false,
    ),
  async execute({ api, interaction }) {
    const target = await targetOf(api, interaction);
    const windowText = interaction.options.getString("window")?.trim();
    const windowSeconds = windowText ? parseWindow(windowText) : 300;
    if (windowSeconds === null)
      throw new UserError(`window: ${windowText} is not a duration; give one like 90s, 5m or 1h.`);
    const req: CanaryRequest = {
      deployment: target.name,
      namespace: target.namespace,
      image: interaction.options.getString("image", true).trim(),
      percentage: interaction.options.getInteger("percentage", true),
      windowSeconds,
    };
    const plan = await rolloutsApi(api).planCanary({
      clusterId: target.clusterId,
      namespace: target.namespace,
      deployment: target.name,
      image: req.image,
      percentage: req.percentage,
      windowSeconds: req.windowSeconds,
    });
    return canaryPlanReply(plan, target, req);
  },
};

/** Confirm: rollouts.canary with exactly what was planned, then the analysis followed live. */
export const canaryConfirmButton: ButtonHandler = {
  prefix: CONFIRM,
  async execute({ interaction, api, args }) {
    assertAsker(interaction);
    const [confirmToken = "", pct = "", win = "", deployment = ""] = args;
    const [packed = "", namespace = ""] = argsOnMessage(interaction, CANCEL) ?? [];
    const clusterId = unpackId(packed);
    const image = canaryImageOf(interaction.message.embeds.map((e) => ({ fields: e.fields })));
    const percentage = Number.parseInt(pct, 10);
    const windowSeconds = Number.parseInt(win, 10);
    if (!clusterId || !namespace || !deployment || !image || !confirmToken || !percentage || !windowSeconds)
      throw new UserError(OUT_OF_DATE);
    const rollouts = rolloutsApi(api);
    const out = await rollouts.canary({
      clusterId,
      namespace,
      deployment,
      image,
      percentage,
      windowSeconds,
      confirmToken,
    });
    return follow(editorOf(interaction), rollouts, out.canary, out.message);
  },
};

export const canaryCancelButton: ButtonHandler = {
  prefix: CANCEL,
  async execute({ interaction }) {
    assertAsker(interaction);
    return { embeds: [renderOutcome(CANCELLED, "brand")], components: [] };
  },
};

/** Promote now / Abort on a running canary's message: the procedure as whoever clicked (the API checks the role). */
function actionButton(prefix: string, act: "promote" | "abort"): ButtonHandler {
  return {
    prefix,
    async execute({ api, args }) {
      const [packed = "", namespace = "", deployment = ""] = args;
      const clusterId = unpackId(packed);
      if (!clusterId || !namespace || !deployment) throw new UserError(OUT_OF_DATE);
      const out = await rolloutsApi(api)[act]({ clusterId, namespace, deployment });
      return { embeds: [renderCanary(out.canary, out.message)], components: [] };
    },
  };
}

/** `/deploy canary-status`: the latest canary of the Deployment, followed while it runs. */
export const canaryStatusSubcommand: ClusterSubcommand = {
  name: "canary-status",
  description: "The latest canary of a Deployment: its analysis, split and how it ended",
  options: (sub) => withWhere(withWorkload(sub), false),
  async execute({ api, interaction }) {
    const target = await targetOf(api, interaction);
    const rollouts = rolloutsApi(api);
    const { canary } = await rollouts.canaryStatus(refOf(target));
    if (!canary)
      return {
        embeds: [renderOutcome(`${target.name} has had no canary. Start one with /deploy canary.`, "brand")],
      };
    return follow(editorOf(interaction), rollouts, canary);
  },
};

function actionSubcommand(act: "promote" | "abort", description: string): ClusterSubcommand {
  return {
    name: act,
    description,
    options: (sub) => withWhere(withWorkload(sub), false),
    async execute({ api, interaction }) {
      const target = await targetOf(api, interaction);
      const out = await rolloutsApi(api)[act](refOf(target));
      return { embeds: [renderCanary(out.canary, out.message)], components: [] };
    },
  };
}

export const promoteSubcommand = actionSubcommand(
  "promote",
  "Promote a Deployment's running canary now (the stable gets its image)",
);
export const abortSubcommand = actionSubcommand(
  "abort",
  "Abort a Deployment's running canary (the stable is restored)",
);

export const canaryButtons: readonly ButtonHandler[] = [
  canaryConfirmButton,
  canaryCancelButton,
  actionButton(PROMOTE, "promote"),
  actionButton(ABORT, "abort"),
];
