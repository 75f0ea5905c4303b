/**
 * Scheduled jobs: CronJobs created AS the person with a schedule checked and
 * previewed the way Kubernetes reads it, suspended, resumed and triggered
 * (a Job from the template now, as `kubectl create job --from=cronjob/...`).
 */

import { AlertPrefsSpec } from "@clustercord/alerts";
import {
  AppError,
  type JobsCronActionOutput,
  type JobsPreviewScheduleOutput,
  type JobsScheduleInput,
  type JobsScheduleOutput,
  type JobsTriggerOutput,
} from "@clustercord/contracts";
import { findAlertPrefs, findPreferences } from "@clustercord/db";
import {
  type CronPreview,
  createCronJob,
  createJob,
  cronJobSpec,
  cronJobSummary,
  cronPreview,
  isCronProblem,
  jobSummary,
  setCronJobSuspended,
  triggeredJobSpec,
} from "@clustercord/kube";
import type { z } from "zod";
import type { ApiDeps } from "../context";
import { followRun } from "./jobs";
import {
  checkReferences,
  checkRunForm,
  cronJobAsPerson,
  explainCreate,
  noSuchCronJob,
  personNamespace,
} from "./jobs-access";
import type { Actor } from "./read-access";

type ScheduleValues = z.output<typeof JobsScheduleInput>;
type CronJobRefInput = { clusterId: string; namespace: string; cronJob: string };

/**
 * The zone a schedule is read in: the one given, else the person's alert time zone if they set one,
 * else their notification time zone (UTC by default).
 */
async function zoneFor(deps: ApiDeps, actor: Actor, given: string | undefined): Promise<string> {
  if (given) return given;
  const alerts = AlertPrefsSpec.safeParse((await findAlertPrefs(deps.prisma, "person", actor.userId))?.prefs);
  if (alerts.success && alerts.data.timeZone) return alerts.data.timeZone;
  return (await findPreferences(deps.prisma, actor.userId)).timeZone || "UTC";
}

/** The schedule checked as Kubernetes would read it, previewed; a refusal that names the problem otherwise. */
function previewOrRefuse(cron: string, timeZone: string): CronPreview {
  const preview = cronPreview(cron, timeZone, new Date());
  if (isCronProblem(preview)) throw new AppError("BAD_REQUEST", { userMessage: `${preview.message}.` });
  return preview;
}

const when = (iso: string | undefined, timeZone: string) =>
  iso
    ? new Intl.DateTimeFormat("en-GB", {
        timeZone,
        dateStyle: "medium",
        timeStyle: "short",
      }).format(new Date(iso))
    : null;

/** jobs.previewSchedule: the next 3 runs and the schedule in words; changes nothing. */
export async function previewSchedule(
  deps: ApiDeps,
  actor: Actor,
  input: { cron: string; timeZone?: string | undefined },
): Promise<JobsPreviewScheduleOutput> {
  return previewOrRefuse(input.cron, await zoneFor(deps, actor, input.timeZone));
}

/** jobs.schedule: every check first (image, command, schedule, zone, namespace, Secret, PVC), then the CronJob as the person. */
export async function scheduleJob(
  deps: ApiDeps,
  actor: Actor,
  input: ScheduleValues,
): Promise<JobsScheduleOutput> {
  checkRunForm(input);
  const timeZone = await zoneFor(deps, actor, input.timeZone);
  const preview = previewOrRefuse(input.cron, timeZone);
  const where = await personNamespace(deps, actor, input);
  await checkReferences(where, input);
  const created = await createCronJob(where.kc, cronJobSpec({ ...input, timeZone }, actor)).catch(
    (error: unknown) => {
      throw explainCreate(error, "CronJob", input.name, input.namespace);
    },
  );
  const next = when(preview.nextRuns[0], timeZone);
  return {
    message: `CronJob ${input.name} scheduled in ${input.namespace}: ${preview.description} (${timeZone})${next ? `; next run ${next}` : ""}.`,
    cronJob: cronJobSummary(created, new Date()),
  };
}

/** jobs.suspend / jobs.resume: spec.suspend set as the person. */
export async function setSuspended(
  deps: ApiDeps,
  actor: Actor,
  input: CronJobRefInput,
  suspend: boolean,
): Promise<JobsCronActionOutput> {
  const where = await personNamespace(deps, actor, input);
  // Read first: a missing CronJob is said as such, not as a failed patch.
  await cronJobAsPerson(where, input.cronJob);
  const updated = await setCronJobSuspended(where.kc, input.namespace, input.cronJob, suspend).catch(
    (error: unknown) => {
      throw error instanceof AppError && error.code === "NOT_FOUND"
        ? noSuchCronJob(input.namespace, input.cronJob)
        : error;
    },
  );
  const summary = cronJobSummary(updated, new Date());
  const next = when(summary.nextRuns[0], summary.timeZone ?? "UTC");
  return {
    message: suspend
      ? `CronJob ${input.cronJob} suspended: it starts no Jobs until it is resumed.`
      : `CronJob ${input.cronJob} resumed${next ? `: next run ${next} (${summary.timeZone ?? "UTC"})` : ""}.`,
    cronJob: summary,
  };
}

/** jobs.trigger: a Job from the CronJob's template now, created as (and labelled with) the person. */
export async function triggerCronJob(
  deps: ApiDeps,
  actor: Actor,
  input: CronJobRefInput,
): Promise<JobsTriggerOutput> {
  const where = await personNamespace(deps, actor, input);
  const cronJob = await cronJobAsPerson(where, input.cronJob);
  const spec = triggeredJobSpec(cronJob, actor);
  const created = await createJob(where.kc, spec).catch((error: unknown) => {
    throw explainCreate(error, "Job", spec.metadata.name, input.namespace);
  });
  await followRun(deps, actor, where, created);
  return {
    message: `Job ${spec.metadata.name} started from CronJob ${input.cronJob} in ${input.namespace}.`,
    job: jobSummary(created, [], new Date()),
  };
}
