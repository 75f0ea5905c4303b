import { router } from "../../trpc";

/** The job runner: one-off Jobs and CronJobs (guide feature 10). */
export const jobsRouter = router({});
