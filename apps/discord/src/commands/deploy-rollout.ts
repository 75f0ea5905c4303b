import type { SlashCommandSubcommandBuilder } from "discord.js";
import { renderHistory } from "../render/rollouts";
import type { ClusterSubcommand } from "./cluster/types";
import { type RolloutsApi, rolloutsApi } from "./deploy-api";
import { rolloutTarget, targetOf, withWhere, withWorkload } from "./deploy-target";
import { undoPlanReply } from "./deploy-undo";
import { editorOf, watchRollout } from "./deploy-watch";

/**
 * `/deploy rollout <status|pause|resume|undo|history|restart|scale>`: each
 * calls the rollouts procedure the web's rollout panel calls. status, and the
 * actions that set a rollout moving, follow it live in the reply.
 */

const withTarget = (sub: SlashCommandSubcommandBuilder) => withWhere(withWorkload(sub));

export const statusSubcommand: ClusterSubcommand = {
  name: "status",
  description: "A rollout's progress, followed live (edited every 5 s) until it completes or fails",
  options: withTarget,
  async execute({ api, interaction }) {
    const target = rolloutTarget(await targetOf(api, interaction));
    const rollouts = rolloutsApi(api);
    const first = await rollouts.status(target);
    return watchRollout(editorOf(interaction), rollouts, target, first);
  },
};

export const historySubcommand: ClusterSubcommand = {
  name: "history",
  description: "A workload's revisions: images, change-cause, when, which came back by an undo",
  options: withTarget,
  async execute({ api, interaction }) {
    const target = await targetOf(api, interaction);
    const history = await rolloutsApi(api).history(rolloutTarget(target));
    return { embeds: [renderHistory(history, target.namespace)] };
  },
};

type Act = "pause" | "resume" | "restart";

/** An action without input beyond the target: its message on top of the status, followed while it moves. */
function actionSubcommand(act: Act, description: string): ClusterSubcommand {
  return {
    name: act,
    description,
    options: withTarget,
    async execute({ api, interaction }) {
      const target = rolloutTarget(await targetOf(api, interaction));
      const rollouts: RolloutsApi = rolloutsApi(api);
      const out = await rollouts[act](target);
      return watchRollout(editorOf(interaction), rollouts, target, out.status, {
        headline: out.message,
        moving: act !== "pause",
      });
    },
  };
}

export const pauseSubcommand = actionSubcommand("pause", "Pause a Deployment's rollout where it is");
export const resumeSubcommand = actionSubcommand("resume", "Resume a paused rollout, followed live");
export const restartSubcommand = actionSubcommand("restart", "Restart every pod of a workload, as a rollout");

export const scaleSubcommand: ClusterSubcommand = {
  name: "scale",
  description: "Set a Deployment's or StatefulSet's replicas",
  options: (sub) =>
    withTarget(
      sub.addIntegerOption((o) =>
        o
          .setName("replicas")
          .setDescription("How many replicas")
          .setRequired(true)
          .setMinValue(0)
          .setMaxValue(1000),
      ),
    ),
  async execute({ api, interaction }) {
    const target = rolloutTarget(await targetOf(api, interaction));
    const rollouts = rolloutsApi(api);
    const replicas = interaction.options.getInteger("replicas", true);
    const out = await rollouts.scale({ ...target, replicas });
    return watchRollout(editorOf(interaction), rollouts, target, out.status, {
      headline: out.message,
      moving: true,
    });
  },
};

export const undoSubcommand: ClusterSubcommand = {
  name: "undo",
  description: "Undo a rollout to the previous or a chosen revision (shows the diff; asks to confirm)",
  options: (sub) =>
    withTarget(
      sub.addIntegerOption((o) =>
        o
          .setName("revision")
          .setDescription("The revision to go back to (default: the one before the current)")
          .setMinValue(1)
          .setAutocomplete(true),
      ),
    ),
  async execute({ api, interaction }) {
    const target = await targetOf(api, interaction);
    const revision = interaction.options.getInteger("revision");
    const plan = await rolloutsApi(api).planUndo({
      ...rolloutTarget(target),
      ...(revision ? { revision } : {}),
    });
    return undoPlanReply(plan, target);
  },
};

/** In the order Discord lists them. */
export const rolloutSubcommands: readonly ClusterSubcommand[] = [
  statusSubcommand,
  historySubcommand,
  pauseSubcommand,
  resumeSubcommand,
  restartSubcommand,
  scaleSubcommand,
  undoSubcommand,
];
