/**
 * The job runner (guide feature 10): one-off Jobs created AS the person,
 * labelled with who ran them, read back from the shared watch caches for
 * people the cluster lets list them, and followed to the end (jobs-follow.ts).
 */
import {
  AppError,
  type JobSpecInput,
  type JobSummary,
  type JobsGetOutput,
  type JobsListOutput,
  type JobsLogsOutput,
  type JobsRunOutput,
} from "@clustercord/contracts";
import {
  CREATED_BY_LABEL,
  createJob,
  cronJobSummary,
  jobSpec,
  jobSummary,
  newestPod,
  RESOURCE_TYPES,
} from "@clustercord/kube";
import type { V1CronJob, V1Job, V1Pod } from "@kubernetes/client-node";
import type { z } from "zod";
import type { ApiDeps } from "../context";
import {
  checkReferences,
  checkRunForm,
  explainCreate,
  jobAsPerson,
  type PersonNamespace,
  personNamespace,
} from "./jobs-access";
import { readPodLogs } from "./pod-logs";
import { type Actor, mayList, settled, sharedCache } from "./read-access";

type RunValues = z.output<typeof JobSpecInput>;
type JobRefInput = { clusterId: string; namespace: string; job: string };

/** What follows a started Job to its end (jobs-follow.ts); absent, nothing is followed. */
export interface JobFollower {
  follow(run: FollowedRun): Promise<void>;
}
export interface FollowedRun {
  clusterId: string;
  namespace: string;
  job: string;
  uid: string;
  userId: string;
  guildId: string;
}

/** Starts following a Job the person just started; a failure to enqueue is logged, never fatal. */
export async function followRun(deps: ApiDeps, actor: Actor, where: PersonNamespace, job: V1Job) {
  if (!deps.jobFollower || !job.metadata?.uid || !job.metadata.name) return;
  await deps.jobFollower
    .follow({
      clusterId: where.cluster.id,
      namespace: where.namespace,
      job: job.metadata.name,
      uid: job.metadata.uid,
      userId: actor.userId,
      guildId: actor.guildId,
    })
    .catch((error: unknown) =>
      deps.log?.warn({ err: error, job: job.metadata?.name }, "jobs: could not follow the run"),
    );
}

/**
 * jobs.run: every check before anything is created (image, command length,
 * namespace, Secret, PVC), then the Job created as the person.
 */
export async function runJob(deps: ApiDeps, actor: Actor, input: RunValues): Promise<JobsRunOutput> {
  checkRunForm(input);
  const where = await personNamespace(deps, actor, input);
  await checkReferences(where, input);
  const spec = jobSpec(input, actor);
  const created = await createJob(where.kc, spec).catch((error: unknown) => {
    throw explainCreate(error, "Job", spec.metadata.name, input.namespace);
  });
  await followRun(deps, actor, where, created);
  return {
    message: `Job ${spec.metadata.name} started in ${input.namespace}.`,
    job: jobSummary(created, [], new Date()),
  };
}

const notYours = (what: string) =>
  new AppError("FORBIDDEN", { userMessage: `You may not list ${what} in that namespace on this cluster.` });

/** The namespace's cached objects of a type, if the person may list that type there (else null). */
async function cachedIn<T>(
  deps: ApiDeps,
  actor: Actor,
  where: PersonNamespace,
  type: (typeof RESOURCE_TYPES)[keyof typeof RESOURCE_TYPES],
): Promise<T[] | null> {
  if (!(await mayList(deps, actor, where.cluster, type, where.namespace))) return null;
  const cache = await settled(sharedCache(deps, where.cluster, type));
  return cache.list().filter((o) => o.metadata?.namespace === where.namespace) as T[];
}

const byNewest = (a: { createdAt: string }, b: { createdAt: string }) =>
  a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;

/** jobs.list: the namespace's Jobs (newest first) and CronJobs, from the shared caches. */
export async function listJobs(
  deps: ApiDeps,
  actor: Actor,
  input: { clusterId: string; namespace: string; onlyClusterCord: boolean },
): Promise<JobsListOutput> {
  const where = await personNamespace(deps, actor, input);
  const [jobs, cronJobs, pods] = await Promise.all([
    cachedIn<V1Job>(deps, actor, where, RESOURCE_TYPES.jobs),
    cachedIn<V1CronJob>(deps, actor, where, RESOURCE_TYPES.cronjobs),
    cachedIn<V1Pod>(deps, actor, where, RESOURCE_TYPES.pods),
  ]);
  if (!jobs) throw notYours("jobs");
  const ours = (o: { metadata?: { labels?: Record<string, string> } }) =>
    !input.onlyClusterCord || !!o.metadata?.labels?.[CREATED_BY_LABEL];
  const now = new Date();
  return {
    jobs: jobs
      .filter(ours)
      .map((job) => jobSummary(job, pods ?? [], now))
      .sort(byNewest),
    cronJobs: (cronJobs ?? [])
      .filter(ours)
      .map((c) => cronJobSummary(c, now))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The Job from the shared cache (or, just created and not there yet, read as the person) and its pods. */
async function jobWithPods(deps: ApiDeps, actor: Actor, input: JobRefInput) {
  const where = await personNamespace(deps, actor, input);
  const jobs = await cachedIn<V1Job>(deps, actor, where, RESOURCE_TYPES.jobs);
  if (!jobs) throw notYours("jobs");
  const job = jobs.find((j) => j.metadata?.name === input.job) ?? (await jobAsPerson(where, input.job));
  const pods = (await cachedIn<V1Pod>(deps, actor, where, RESOURCE_TYPES.pods)) ?? [];
  return { where, job, pods };
}

export const GET_LOG_LINES = 20;

/** A container of the pod has run: before that the kubelet has no log to give (an unscheduled pod answers 204). */
const hasStarted = (pod: V1Pod | null): pod is V1Pod =>
  !!pod?.status?.containerStatuses?.some(
    (c) => c.state?.running || c.state?.terminated || c.lastState?.terminated,
  );

/** The newest pod's last log lines as the person reads them; none while it has not started. */
async function lastLines(
  deps: ApiDeps,
  actor: Actor,
  input: JobRefInput,
  pod: V1Pod | null,
  lines: number,
): Promise<{ lines: string[]; truncated: boolean }> {
  if (!hasStarted(pod)) return { lines: [], truncated: false };
  try {
    const tail = await readPodLogs(deps, actor, {
      clusterId: input.clusterId,
      namespace: input.namespace,
      pod: pod.metadata?.name ?? "",
      lines,
      previous: false,
    });
    return { lines: tail.text ? tail.text.replace(/\n$/, "").split("\n") : [], truncated: tail.truncated };
  } catch (error) {
    // A pod still being created, or already gone, has no log to show yet.
    if (error instanceof AppError && (error.code === "BAD_REQUEST" || error.code === "NOT_FOUND"))
      return { lines: [], truncated: false };
    throw error;
  }
}

/** jobs.get: the Job's summary and the last lines of its newest pod (both clients poll it). */
export async function getJob(deps: ApiDeps, actor: Actor, input: JobRefInput): Promise<JobsGetOutput> {
  const { job, pods } = await jobWithPods(deps, actor, input);
  const summary: JobSummary = jobSummary(job, pods, new Date());
  // Someone who may see the Job but not its logs still gets its status.
  const { lines } = await lastLines(deps, actor, input, newestPod(job, pods), GET_LOG_LINES).catch(
    (error: unknown) => {
      if (error instanceof AppError && error.code === "FORBIDDEN") return { lines: [] as string[] };
      throw error;
    },
  );
  return { job: summary, lastLogLines: lines.slice(-GET_LOG_LINES) };
}

/** jobs.logs: the newest pod's log (at most tailLines lines), as the person. */
export async function jobLogs(
  deps: ApiDeps,
  actor: Actor,
  input: JobRefInput & { tailLines: number },
): Promise<JobsLogsOutput> {
  const { job, pods } = await jobWithPods(deps, actor, input);
  const newest = newestPod(job, pods);
  const tail = await lastLines(deps, actor, input, newest, input.tailLines);
  return { pod: newest?.metadata?.name ?? null, ...tail };
}
