import type { Logger } from "@clustercord/telemetry";
import type { z } from "zod";
import type { AnyJob, JobDefinition } from "./define";

export interface EnqueueOptions {
  /** A second enqueue with the same key (per job) within its lifetime is a no-op. */
  idempotencyKey?: string;
  /** How long the key is remembered; 24 hours by default. */
  idempotencyTtlMs?: number;
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
}

export interface EnqueueResult {
  id: string;
  /** True when the idempotency key was already held: `id` is the earlier job's. */
  deduplicated: boolean;
}

export interface ScheduleOptions {
  /** IANA time zone the cron pattern is read in; UTC by default. */
  tz?: string;
  /** One schedule per id (default: the job's name); scheduling again replaces it. */
  id?: string;
}

export interface StopOptions {
  /** How long running jobs may take to finish before they are handed back; 10 s by default. */
  graceMs?: number;
}

export interface StopResult {
  /** Runs that finished (either way) during the grace period. */
  finished: number;
  /** Runs still going when it ended: aborted and put back to run again. */
  handedBack: number;
}

export interface JobRunEvent {
  job: string;
  id: string;
  attempt: number;
  durationMs: number;
}
export interface JobCompletedEvent extends JobRunEvent {
  result: unknown;
}
export interface JobFailedEvent extends JobRunEvent {
  error: Error;
  willRetry: boolean;
}

export interface QueueDepth {
  /** Ready to run now. */
  waiting: number;
  /** Waiting for their time (delayMs, retry backoff, the next cron tick in queue mode). */
  delayed: number;
  active: number;
  /** Gave up after their last attempt (kept 7 days in queue mode; regular mode counts them). */
  failed: number;
}

/**
 * One interface, two modes. Regular: everything in this process. Queue:
 * BullMQ on Redis; any process may enqueue, and processes that call start()
 * run the jobs (the `jobs` app). Hooks fire in the process that ran the job.
 */
export interface JobRunner {
  readonly mode: "regular" | "queue";
  /** Makes jobs known to this runner: needed to enqueue, schedule or run them. */
  register(jobs: readonly AnyJob[]): void;
  enqueue<S extends z.ZodType>(
    job: JobDefinition<S>,
    payload: z.input<S>,
    options?: EnqueueOptions,
  ): Promise<EnqueueResult>;
  /** Enqueues the job with this payload at every tick of `cron` (once per tick across processes). */
  schedule<S extends z.ZodType>(
    job: JobDefinition<S>,
    cron: string,
    payload: z.input<S>,
    options?: ScheduleOptions,
  ): Promise<void>;
  /** Starts running registered jobs (and, in regular mode, the schedules). */
  start(): Promise<void>;
  /** Stops taking work; running jobs finish within graceMs or are handed back. Closes connections. */
  stop(options?: StopOptions): Promise<StopResult>;
  onCompleted(listener: (event: JobCompletedEvent) => void): () => void;
  onFailed(listener: (event: JobFailedEvent) => void): () => void;
  depth(): Promise<Record<string, QueueDepth>>;
}

export const DEFAULT_GRACE_MS = 10_000;

/** One run's logger: the run's id (job id and attempt) as `reqId`. */
export const runLogger = (log: Logger, job: { id: string; name: string; attempt: number }) =>
  log.child({ reqId: `${job.id}-${job.attempt}`, job: job.name });
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
