import { ConcurrencyPolicy } from "@clustercord/contracts";
import { renderCronJob } from "../render/jobs";
import type { ClusterSubcommand } from "./cluster/types";
import {
  argvOf,
  optionalString,
  randomSuffix,
  scheduleNameFor,
  targetOf,
  withArgs,
  withCluster,
  withCommand,
  withEnvFromSecret,
  withImage,
  withNamespace,
  withVolume,
} from "./job-options";

/**
 * `/job schedule cron: image: command: [args:] [name:] [timezone:] [concurrency:] [namespace:] …`:
 * jobs.schedule as the person; the reply shows the CronJob and its next 3
 * runs as the API computed them, in the reader's own time zone.
 */
export const scheduleSubcommand: ClusterSubcommand = {
  name: "schedule",
  description: "Run a job on a schedule (a CronJob); shows its next 3 runs",
  options: (sub) => {
    sub.addStringOption((o) =>
      o
        .setName("cron")
        .setDescription('Five-field cron ("0 2 * * *") or @hourly, @daily, @weekly, @monthly, @yearly')
        .setRequired(true)
        .setMaxLength(100),
    );
    withImage(sub);
    withCommand(sub);
    withArgs(sub);
    sub.addStringOption((o) =>
      o.setName("name").setDescription("The CronJob's name (default: <image>-<random>)").setMaxLength(52),
    );
    sub.addStringOption((o) =>
      o
        .setName("timezone")
        .setDescription("IANA time zone, e.g. Europe/Berlin (default: yours from /notifications, else UTC)")
        .setMaxLength(64)
        .setAutocomplete(true),
    );
    sub.addStringOption((o) =>
      o
        .setName("concurrency")
        .setDescription("When a run is due while the last still runs (default: Forbid, skip it)")
        .addChoices(
          { name: "Forbid: skip the new run", value: "Forbid" },
          { name: "Allow: run both", value: "Allow" },
          { name: "Replace: stop the old run", value: "Replace" },
        ),
    );
    withNamespace(sub);
    withEnvFromSecret(sub);
    withVolume(sub);
    return withCluster(sub);
  },
  async execute({ interaction, api }) {
    const command = argvOf("command", interaction.options.getString("command", true));
    const args = argvOf("args", interaction.options.getString("args") ?? undefined);
    const { cluster, namespace } = await targetOf(api, interaction);
    const image = interaction.options.getString("image", true).trim();
    const timeZone = optionalString(interaction, "timezone");
    const concurrency = ConcurrencyPolicy.safeParse(interaction.options.getString("concurrency"));
    const envFromSecret = optionalString(interaction, "env_from_secret");
    const volume = optionalString(interaction, "volume");
    const out = await api.jobs.schedule.mutate({
      clusterId: cluster.id,
      namespace,
      name: optionalString(interaction, "name") ?? scheduleNameFor(image, randomSuffix()),
      cron: interaction.options.getString("cron", true).trim(),
      image,
      command,
      args,
      ...(timeZone ? { timeZone } : {}),
      ...(concurrency.success ? { concurrencyPolicy: concurrency.data } : {}),
      ...(envFromSecret ? { envFromSecret } : {}),
      ...(volume ? { volume } : {}),
    });
    return { embeds: [renderCronJob(out)] };
  },
};
