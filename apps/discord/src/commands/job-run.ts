import type { JobSummary, JobsGetOutput } from "@clustercord/contracts";
import type { ChatInputCommandInteraction, InteractionEditReplyOptions } from "discord.js";
import type { ApiClient } from "../api-client";
import { jobEnded, justStarted, renderJob } from "../render/jobs";
import type { ClusterSubcommand } from "./cluster/types";
import { follow } from "./helm/follow";
import {
  argvOf,
  optionalString,
  targetOf,
  withArgs,
  withCluster,
  withCommand,
  withEnvFromSecret,
  withImage,
  withNamespace,
  withVolume,
} from "./job-options";

/** How often jobs.get is asked while a job runs (the issue: 3-5 s), and the least time between edits. */
export const JOB_POLL_MS = 3_000;
/** The reply follows a job for 10 minutes at most, then says how far it got. */
export const JOB_FOLLOW_MAX_MS = 10 * 60_000;
const NO_MENTIONS = { parse: [] } as const;

/**
 * The reply to a job just started (jobs.run, jobs.trigger): shown at once,
 * then edited as jobs.get changes until the job succeeded or failed (or 10
 * minutes passed); the final reply is returned for the worker to send.
 */
export async function followJob(
  interaction: ChatInputCommandInteraction<"cached" | "raw">,
  api: ApiClient,
  started: { message: string; job: JobSummary },
  where: { clusterId: string; clusterName: string },
): Promise<InteractionEditReplyOptions> {
  const jobs = api.jobs;
  const ref = { clusterId: where.clusterId, namespace: started.job.namespace, job: started.job.name };
  const view = { clusterName: where.clusterName, message: started.message };
  const render = (state: JobsGetOutput): InteractionEditReplyOptions => ({
    embeds: [renderJob(state, view)],
    components: [],
  });
  let first = justStarted(started.job);
  // Ended already (a very short job): its exit code and log are one read away.
  if (jobEnded(first.job.phase)) first = await jobs.get.query(ref).catch(() => first);
  else await interaction.editReply({ ...render(first), allowedMentions: NO_MENTIONS });
  return follow(first, {
    poll: () => jobs.get.query(ref),
    done: (state) => jobEnded(state.job.phase),
    render,
    edit: (reply) => interaction.editReply({ ...reply, allowedMentions: NO_MENTIONS }),
    givenUp: (state) => ({ embeds: [renderJob(state, { ...view, givenUp: true })], components: [] }),
    pollMs: JOB_POLL_MS,
    editMinMs: JOB_POLL_MS,
    maxMs: JOB_FOLLOW_MAX_MS,
  });
}

/**
 * `/job run image: command: [args:] [name:] [namespace:] [env_from_secret:] [volume:] [cluster:]`:
 * jobs.run as the person (a Job labelled with who ran it); the reply shows it
 * running and updates itself when it completes.
 */
export const runSubcommand: ClusterSubcommand = {
  name: "run",
  description: "Run a one-off job and follow it to the end (exit code, duration, last log lines)",
  options: (sub) => {
    withImage(sub);
    withCommand(sub);
    withArgs(sub);
    sub.addStringOption((o) =>
      o.setName("name").setDescription("The job's name (default: run-<image>-<random>)").setMaxLength(52),
    );
    withNamespace(sub);
    withEnvFromSecret(sub);
    withVolume(sub);
    return withCluster(sub);
  },
  async execute({ interaction, api }) {
    // Split first: a command that cannot be split is refused before any API call.
    const command = argvOf("command", interaction.options.getString("command", true));
    const args = argvOf("args", interaction.options.getString("args") ?? undefined);
    const { cluster, namespace } = await targetOf(api, interaction);
    const name = optionalString(interaction, "name");
    const envFromSecret = optionalString(interaction, "env_from_secret");
    const volume = optionalString(interaction, "volume");
    const started = await api.jobs.run.mutate({
      clusterId: cluster.id,
      namespace,
      image: interaction.options.getString("image", true).trim(),
      command,
      args,
      ...(name ? { name } : {}),
      ...(envFromSecret ? { envFromSecret } : {}),
      ...(volume ? { volume } : {}),
    });
    return followJob(interaction, api, started, { clusterId: cluster.id, clusterName: cluster.name });
  },
};
