/**
 * "A long job also DMs the person when done": after jobs.run (and
 * jobs.trigger) a `jobs.follow` job re-checks the Job every ~5 s (then every
 * minute after 10 minutes) AS the person who started it (their role read
 * again each time, so one who left the server is no longer acted for), until it ends; if it
 * ran at least `dmAfterSeconds` (JOB_DONE_DM_AFTER_SECONDS), notify() tells
 * them how it ended, with the last log lines, secret-shaped text blanked.
 * One notification per Job uid, however often a check is retried.
 */

import { AppError } from "@clustercord/contracts";
import { createRedactor, literalEnvValues } from "@clustercord/diagnostics";
import { type CatalogEntry, defineJob, type JobRunner } from "@clustercord/jobs";
import {
  impersonatedKubeConfig,
  impersonationFor,
  jobDoneTitle,
  jobSummary,
  listJobPods,
  newestPod,
  readJob,
  readLogTail,
} from "@clustercord/kube";
import { redactSecretShapes } from "@clustercord/notify";
import type { KubeConfig, V1Pod } from "@kubernetes/client-node";
import { z } from "zod";
import type { ApiDeps } from "../context";
import type { FollowedRun, JobFollower } from "./jobs";
import { resolveMembership } from "./membership";
import { openClusterForAudit } from "./policy-audit";

export const JOBS_FOLLOW_JOB = "jobs.follow";
export const DEFAULT_JOB_DONE_DM_AFTER_SECONDS = 60;
/** Checks at the short interval (10 minutes at 5 s), then once a minute. */
const FAST_CHECKS = 120;
const SLOW_INTERVAL_MS = 60_000;
/** Past the longest active deadline a run may ask for (7 days), it is left alone. */
const MAX_CHECKS = FAST_CHECKS + 7 * 24 * 60 + 10;
const DM_LOG_LINES = 10;
/** Ten lines of this fit a notification body (10,000 characters) with room to spare. */
const DM_LINE_MAX = 500;

export type JobFollowDeps = Pick<
  ApiDeps,
  "prisma" | "cipher" | "caches" | "clusterGuard" | "notifications" | "log" | "directory"
>;

const Payload = z
  .object({
    clusterId: z.string().min(1).max(64),
    namespace: z.string().min(1).max(63),
    job: z.string().min(1).max(253),
    uid: z.string().min(1).max(64),
    userId: z.string().min(1).max(32),
    guildId: z.string().min(1).max(32),
    check: z.number().int().min(0).default(0),
  })
  .strict();
type Payload = z.output<typeof Payload>;

/** The last log lines, blanked: secret-shaped text, values after secret-looking keys, the pod's literal env values. */
async function lastLinesBlanked(kc: KubeConfig, namespace: string, pod: V1Pod | null): Promise<string[]> {
  const name = pod?.metadata?.name;
  if (!name) return [];
  const redactor = createRedactor(literalEnvValues([pod as never]));
  try {
    const tail = await readLogTail(
      kc,
      { namespace, pod: name, tailLines: DM_LOG_LINES, previous: false },
      { maxBytes: 16 * 1024, timeoutMs: 5_000 },
    );
    // Blanked before it is cut, so a cut never leaves half a secret behind.
    return tail.lines
      .slice(-DM_LOG_LINES)
      .map((line) => redactSecretShapes(redactor.redact(line)).text)
      .map((line) => (line.length > DM_LINE_MAX ? `${line.slice(0, DM_LINE_MAX)}…` : line));
  } catch {
    // Gone with its pod (ttl) or not readable: the DM goes without lines.
    return [];
  }
}

/** The follow job and the follower jobs.run uses; `runner` is the one it is registered with. */
export function jobRunJobs(
  deps: JobFollowDeps,
  options: { runner: () => JobRunner; dmAfterSeconds?: number; intervalMs?: number },
): { entries: CatalogEntry[]; follower: JobFollower } {
  const dmAfter = options.dmAfterSeconds ?? DEFAULT_JOB_DONE_DM_AFTER_SECONDS;
  const interval = options.intervalMs ?? 5_000;

  const follow = defineJob({
    name: JOBS_FOLLOW_JOB,
    payload: Payload,
    retries: 2,
    concurrency: 4,
    async run(run: Payload) {
      const cluster = await openClusterForAudit(deps, run.clusterId);
      if (!cluster) return { skipped: "cluster removed" };
      // As the person who started it, in their role now: what they are told is what the cluster lets them read.
      const membership = await resolveMembership(deps as ApiDeps, run.userId, run.guildId);
      if (!membership) return { skipped: "the person is no longer a member of the server" };
      const actor = { userId: run.userId, guildId: run.guildId, role: membership.role };
      const kc = impersonatedKubeConfig(cluster.selected, impersonationFor(actor), deps.clusterGuard);
      let job: Awaited<ReturnType<typeof readJob>>;
      try {
        job = await readJob(kc, run.namespace, run.job);
      } catch (error) {
        if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN"))
          return { skipped: "job gone" };
        throw error;
      }
      if (job.metadata?.uid !== run.uid) return { skipped: "job gone" };
      const pods = await listJobPods(kc, run.namespace, run.uid).catch(() => [] as V1Pod[]);
      const summary = jobSummary(job, pods, new Date());
      if (summary.phase !== "succeeded" && summary.phase !== "failed") {
        if (run.check >= MAX_CHECKS) return { skipped: "still running after the longest deadline" };
        const next = run.check + 1;
        await options.runner().enqueue(
          follow,
          { ...run, check: next },
          {
            idempotencyKey: `jobs.follow:${run.uid}:${next}`,
            delayMs: next <= FAST_CHECKS ? interval : SLOW_INTERVAL_MS,
          },
        );
        return { phase: summary.phase, check: next };
      }
      if ((summary.durationSeconds ?? 0) < dmAfter) return { phase: summary.phase, dm: false };
      const notify = deps.notifications?.notify;
      if (!notify) return { phase: summary.phase, dm: false };
      const lines = await lastLinesBlanked(kc, run.namespace, newestPod(job, pods));
      await notify({
        to: { userId: run.userId },
        title: jobDoneTitle(summary),
        body: lines.length ? `Last log lines:\n\`\`\`\n${lines.join("\n")}\n\`\`\`` : "No log lines.",
        severity: summary.phase === "succeeded" ? "info" : "warning",
        link: `/clusters/${run.clusterId}/jobs?namespace=${encodeURIComponent(run.namespace)}&job=${encodeURIComponent(run.job)}`,
        idempotencyKey: `jobs.done:${run.uid}`,
      });
      return { phase: summary.phase, dm: true };
    },
  });

  const follower: JobFollower = {
    async follow(run: FollowedRun) {
      await options
        .runner()
        .enqueue(
          follow,
          { ...run, check: 0 },
          { idempotencyKey: `jobs.follow:${run.uid}:0`, delayMs: interval },
        );
    },
  };
  return { entries: [{ job: follow }], follower };
}
