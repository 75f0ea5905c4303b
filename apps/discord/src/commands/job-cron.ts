import { renderCronJob } from "../render/jobs";
import type { ClusterSubcommand } from "./cluster/types";
import { objectTarget, withCluster, withCronJob, withNamespace } from "./job-options";
import { followJob } from "./job-run";

/** `/job trigger cronjob:`: jobs.trigger (a Job from the CronJob's template now), followed as /job run is. */
export const triggerSubcommand: ClusterSubcommand = {
  name: "trigger",
  description: "Run a CronJob now and follow the job it makes",
  options: (sub) => withCluster(withNamespace(withCronJob(sub))),
  async execute({ interaction, api }) {
    const { cluster, namespace, name } = await objectTarget(api, interaction, "cronjob");
    const started = await api.jobs.trigger.mutate({ clusterId: cluster.id, namespace, cronJob: name });
    return followJob(interaction, api, started, { clusterId: cluster.id, clusterName: cluster.name });
  },
};

/** `/job suspend cronjob:` / `/job resume cronjob:`: the CronJob stops or starts making jobs. */
function cronAction(action: "suspend" | "resume", description: string): ClusterSubcommand {
  return {
    name: action,
    description,
    options: (sub) => withCluster(withNamespace(withCronJob(sub))),
    async execute({ interaction, api }) {
      const { cluster, namespace, name } = await objectTarget(api, interaction, "cronjob");
      const out = await api.jobs[action].mutate({ clusterId: cluster.id, namespace, cronJob: name });
      return { embeds: [renderCronJob(out)] };
    },
  };
}

export const suspendSubcommand = cronAction("suspend", "Stop a CronJob from making new jobs");
export const resumeSubcommand = cronAction(
  "resume",
  "Let a suspended CronJob make jobs again (shows its next runs)",
);
