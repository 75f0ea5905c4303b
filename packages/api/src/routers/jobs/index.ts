import { router } from "../../trpc";
import { deleteJobProcedure } from "./delete-job";
import { getJobProcedure } from "./get-job";
import { listJobsProcedure } from "./list-jobs";
import { planDeleteJobProcedure } from "./plan-delete-job";
import { previewScheduleProcedure } from "./preview-schedule";
import { readJobLogsProcedure } from "./read-job-logs";
import { resumeCronJobProcedure } from "./resume-cronjob";
import { runJobProcedure } from "./run-job";
import { scheduleJobProcedure } from "./schedule-job";
import { suspendCronJobProcedure } from "./suspend-cronjob";
import { triggerCronJobProcedure } from "./trigger-cronjob";

/** The job runner: one-off Jobs and CronJobs (guide feature 10). */
export const jobsRouter = router({
  run: runJobProcedure,
  get: getJobProcedure,
  list: listJobsProcedure,
  logs: readJobLogsProcedure,
  planDelete: planDeleteJobProcedure,
  delete: deleteJobProcedure,
  schedule: scheduleJobProcedure,
  previewSchedule: previewScheduleProcedure,
  suspend: suspendCronJobProcedure,
  resume: resumeCronJobProcedure,
  trigger: triggerCronJobProcedure,
});
