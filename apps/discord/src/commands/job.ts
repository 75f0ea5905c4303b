import type { ClusterSubcommand } from "./cluster/types";
import { jobChoices } from "./job-autocomplete";
import { resumeSubcommand, suspendSubcommand, triggerSubcommand } from "./job-cron";
import { deleteSubcommand, jobDeleteButtons } from "./job-delete";
import { listSubcommand, logsSubcommand } from "./job-list";
import { runSubcommand } from "./job-run";
import { scheduleSubcommand } from "./job-schedule";
import { subcommandGroup } from "./subcommands";
import type { ButtonHandler, SlashCommand } from "./types";

/** In the order Discord lists them. Each calls the jobs.* procedure the web's Jobs page calls. */
export const jobSubcommands: readonly ClusterSubcommand[] = [
  runSubcommand,
  listSubcommand,
  logsSubcommand,
  deleteSubcommand,
  scheduleSubcommand,
  triggerSubcommand,
  suspendSubcommand,
  resumeSubcommand,
];

/**
 * `/job <subcommand>` (guide feature 10): one-off jobs and CronJobs, as the
 * person. Replies are shown only to the person who asked: job logs can hold
 * what a Secret gave the job, and plans carry their confirmation.
 */
export const jobCommand: SlashCommand = {
  ...subcommandGroup(
    "job",
    "Run one-off jobs and scheduled CronJobs, follow them, read their logs",
    jobSubcommands,
  ),
  ephemeral: true,
  autocomplete: ({ interaction, api }) => jobChoices(api, interaction),
};

export const jobButtons: readonly ButtonHandler[] = [...jobDeleteButtons];
