import { renderJobList, renderJobLogs } from "../render/jobs";
import type { ClusterSubcommand } from "./cluster/types";
import { objectTarget, targetOf, withCluster, withJob, withNamespace } from "./job-options";

/** `/job list [namespace:] [cluster:]`: jobs.list: jobs (status, duration, who ran them) and CronJobs with their next runs. */
export const listSubcommand: ClusterSubcommand = {
  name: "list",
  description: "Jobs with their status, duration and who ran them, and CronJobs with their next runs",
  options: (sub) => withCluster(withNamespace(sub)),
  async execute({ interaction, api }) {
    const { cluster, namespace } = await targetOf(api, interaction);
    const list = await api.jobs.list.query({ clusterId: cluster.id, namespace });
    return { embeds: [renderJobList(list, { namespace, clusterName: cluster.name })] };
  },
};

/** `/job logs job: [namespace:] [cluster:]`: jobs.logs: the end of the job pod's log; long logs as a file. */
export const logsSubcommand: ClusterSubcommand = {
  name: "logs",
  description: "The end of a job's log (long logs come as a file)",
  options: (sub) => withCluster(withNamespace(withJob(sub))),
  async execute({ interaction, api }) {
    const { cluster, namespace, name } = await objectTarget(api, interaction, "job");
    const out = await api.jobs.logs.query({
      clusterId: cluster.id,
      namespace,
      job: name,
      tailLines: 500,
    });
    return renderJobLogs(out, { job: name, namespace, clusterName: cluster.name });
  },
};
