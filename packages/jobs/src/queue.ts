import { randomUUID } from "node:crypto";
import { AppError } from "@clustercord/contracts";
import { defaultLogger, type Logger } from "@clustercord/telemetry";
import { type Job, Queue, UnrecoverableError, WaitingError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { retryDelayMs } from "./backoff";
import { checkSchedule } from "./cron";
import type { AnyJob } from "./define";
import { asError, isRetryable } from "./failure";
import { checkPayload, serializePayload } from "./payload";
import { checkEnqueueOptions, JobRegistry, Listeners } from "./registry";
import {
  DEFAULT_GRACE_MS,
  type JobCompletedEvent,
  type JobFailedEvent,
  type JobRunner,
  type QueueDepth,
  runLogger,
} from "./runner";

export interface QueueRunnerOptions {
  /** redis:// or rediss:// (may hold a password: it is never logged). */
  redisUrl: string;
  /** Namespaces every key, so several deployments or tests share one Redis. */
  prefix: string;
  /**
   * A run's lock: a process that died mid-job (SIGKILL, lost machine) frees
   * its job after this long, and another process runs it. 30 s by default.
   */
  lockMs?: number;
  /** Default: JSON to stdout. */
  log?: Logger;
}

// BullMQ keeps finished jobs for inspection; bounded so Redis does not grow.
const KEEP_COMPLETED = { age: 24 * 3600, count: 1_000 };
const KEEP_FAILED = { age: 7 * 24 * 3600, count: 1_000 };
// Our backoff formula, through BullMQ's custom-strategy hook.
const BACKOFF_TYPE = "clustercord";
const HAND_BACK = Symbol("hand back");
const PREFIX = /^[A-Za-z0-9_.-]{1,64}$/;
// BullMQ waits for Redis without end; a caller (often a request) gets an answer in this time.
const ANSWER_WITHIN_MS = 5_000;

/** `work`, or a rejection when it takes longer than `ms` (the work itself is left to finish or fail). */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  work.catch(() => {}); // a late failure has already been reported as the timeout
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

interface ActiveRun {
  controller: AbortController;
  handBack: () => void;
  handedBack: boolean;
}

/** What the worker events need about a run that the processor knew. */
interface RunFacts {
  attempt: number;
  startedAt: number;
  error?: unknown;
  willRetry?: boolean;
}

/**
 * Queue mode: BullMQ on Redis, one queue per job. Any process enqueues;
 * processes that start() run workers, as many as wanted. Jobs wait in Redis,
 * so they outlive any one process.
 */
export function createQueueRunner(options: QueueRunnerOptions): JobRunner {
  if (!PREFIX.test(options.prefix))
    throw new AppError("INTERNAL", {
      message: "The job queue prefix must be 1-64 letters, digits, '.', '_' or '-'",
    });
  const lockMs = options.lockMs ?? 30_000;
  const log = options.log ?? defaultLogger();
  const registry = new JobRegistry();
  const completed = new Listeners<JobCompletedEvent>(log);
  const failed = new Listeners<JobFailedEvent>(log);
  const queues = new Map<string, Queue>();
  const workers = new Map<string, Worker>();
  const active = new Map<string, ActiveRun>();
  const facts = new Map<string, RunFacts>();
  let producer: Redis | undefined;
  let consumer: Redis | undefined;
  let started = false;

  // Redis errors repeat on every reconnect attempt: say each once a minute.
  const said = new Map<string, number>();
  const say = (what: string) => (error: Error) => {
    const line = `${what}: ${error.message}`;
    if ((said.get(line) ?? 0) > Date.now()) return;
    said.set(line, Date.now() + 60_000);
    log.error({ where: what, error: error.message }, "job queue trouble (said once a minute)");
  };

  /** Enqueueing fails fast while Redis is away (the caller is often a request). */
  const producerConnection = () => {
    if (!producer) {
      producer = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, connectionName: "clustercord-jobs" });
      producer.on("error", say("redis"));
    }
    return producer;
  };

  const queueFor = (job: AnyJob) => {
    let queue = queues.get(job.name);
    if (!queue) {
      queue = new Queue(job.name, { connection: producerConnection(), prefix: options.prefix });
      queue.on("error", say(`queue ${job.name}`));
      queues.set(job.name, queue);
    }
    return queue;
  };

  const jobOptions = (job: AnyJob) => ({
    attempts: job.retries + 1,
    backoff: { type: BACKOFF_TYPE },
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
  });

  const upstream = (what: string, error: unknown) =>
    error instanceof AppError
      ? error
      : new AppError("UPSTREAM", {
          message: `${what}: the queue did not answer (${asError(error).message})`,
          userMessage: "The background task queue is not answering; try again shortly.",
          cause: error,
        });

  async function runOne(definition: AnyJob, job: Job, token?: string): Promise<unknown> {
    const id = job.id as string;
    const run: ActiveRun = { controller: new AbortController(), handBack: () => {}, handedBack: false };
    const handedBack = new Promise<typeof HAND_BACK>((resolve) => {
      run.handBack = () => resolve(HAND_BACK);
    });
    const attempt = job.attemptsMade + 1;
    facts.set(id, { attempt, startedAt: Date.now() });
    active.set(id, run);
    try {
      const payload = checkPayload(definition, job.data);
      const outcome = await Promise.race([
        definition.run(payload, {
          id,
          name: definition.name,
          attempt,
          signal: run.controller.signal,
          log: runLogger(log, { id, name: definition.name, attempt }),
        }),
        handedBack,
      ]);
      if (outcome === HAND_BACK) throw outcome;
      return outcome ?? null;
    } catch (thrown) {
      if (run.handedBack) {
        // Back to waiting as it was: this attempt does not count.
        facts.delete(id);
        await job.moveToWait(token);
        throw new WaitingError();
      }
      const error = asError(thrown);
      const willRetry = isRetryable(thrown) && attempt <= definition.retries;
      facts.set(id, { attempt, startedAt: facts.get(id)?.startedAt ?? Date.now(), error, willRetry });
      throw willRetry ? error : new UnrecoverableError(error.message);
    } finally {
      active.delete(id);
    }
  }

  function startWorker(definition: AnyJob) {
    if (!consumer) {
      // Workers block on Redis; BullMQ wants these to retry forever.
      consumer = new Redis(options.redisUrl, {
        maxRetriesPerRequest: null,
        connectionName: "clustercord-jobs",
      });
      consumer.on("error", say("redis"));
    }
    const worker = new Worker(definition.name, (job, token) => runOne(definition, job, token), {
      connection: consumer,
      prefix: options.prefix,
      concurrency: definition.concurrency,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: 1,
      settings: { backoffStrategy: (attemptsMade: number) => retryDelayMs(definition.backoff, attemptsMade) },
    });
    worker.on("error", say(`worker ${definition.name}`));
    worker.on("completed", (job, result) => {
      const id = job.id as string;
      const known = facts.get(id);
      facts.delete(id);
      completed.emit({
        job: definition.name,
        id,
        attempt: known?.attempt ?? job.attemptsMade,
        durationMs: known ? Date.now() - known.startedAt : 0,
        result,
      });
    });
    worker.on("failed", (job, error) => {
      if (!job) return;
      const id = job.id as string;
      const known = facts.get(id);
      facts.delete(id);
      failed.emit({
        job: definition.name,
        id,
        attempt: known?.attempt ?? job.attemptsMade,
        durationMs: known ? Date.now() - known.startedAt : 0,
        error: known?.error !== undefined ? asError(known.error) : error,
        willRetry: known?.willRetry ?? false,
      });
    });
    workers.set(definition.name, worker);
    return worker;
  }

  async function startWorkers(jobs: AnyJob[]) {
    const fresh = jobs.filter((job) => !workers.has(job.name)).map(startWorker);
    // The limit holds across every jobs process, not just per worker.
    await Promise.all(jobs.map((job) => queueFor(job).setGlobalConcurrency(job.concurrency)));
    await Promise.all(fresh.map((worker) => worker.waitUntilReady()));
  }

  const runner: JobRunner = {
    mode: "queue",

    register(jobs) {
      const added = registry.add(jobs);
      if (started) startWorkers(added).catch(say("starting workers"));
    },

    async enqueue(job, payload, enqueueOptions) {
      const definition = registry.resolve(job);
      const checked = checkEnqueueOptions(definition, enqueueOptions);
      const data = JSON.parse(serializePayload(definition, payload));
      const id = randomUUID();
      try {
        const added = await within(
          ANSWER_WITHIN_MS,
          queueFor(definition).add(definition.name, data, {
            ...jobOptions(definition),
            jobId: id,
            delay: checked.delayMs,
            ...(checked.idempotencyKey !== undefined
              ? { deduplication: { id: checked.idempotencyKey, ttl: checked.idempotencyTtlMs } }
              : {}),
          }),
        );
        return { id: added.id as string, deduplicated: added.id !== id };
      } catch (error) {
        throw upstream(`Job ${definition.name}`, error);
      }
    },

    async schedule(job, pattern, payload, scheduleOptions = {}) {
      const definition = registry.resolve(job);
      const { tz } = checkSchedule(job.name, pattern, scheduleOptions.tz);
      const data = JSON.parse(serializePayload(definition, payload));
      try {
        await within(
          ANSWER_WITHIN_MS,
          queueFor(definition).upsertJobScheduler(
            scheduleOptions.id ?? definition.name,
            { pattern, tz },
            { name: definition.name, data, opts: jobOptions(definition) },
          ),
        );
      } catch (error) {
        throw upstream(`Job ${definition.name}`, error);
      }
    },

    async start() {
      started = true;
      // A jobs process that cannot reach Redis says so and exits (its supervisor restarts it).
      await within(ANSWER_WITHIN_MS, startWorkers(registry.all())).catch((error: unknown) => {
        throw upstream("Starting the job workers", error);
      });
    },

    async stop(stopOptions = {}) {
      const graceMs = stopOptions.graceMs ?? DEFAULT_GRACE_MS;
      started = false;
      const inFlight = active.size;
      const closing = Promise.all([...workers.values()].map((worker) => worker.close()));
      let graceTimer: NodeJS.Timeout | undefined;
      const closedInTime = await Promise.race([
        closing.then(() => true),
        new Promise<false>((resolve) => {
          graceTimer = setTimeout(() => resolve(false), graceMs);
        }),
      ]);
      clearTimeout(graceTimer);
      let handedBack = 0;
      if (!closedInTime) {
        for (const run of active.values()) {
          run.handedBack = true;
          run.handBack();
          run.controller.abort(new Error("the job runner stopped; this run was handed back"));
          handedBack++;
        }
        await closing;
      }
      workers.clear();
      facts.clear();
      await within(ANSWER_WITHIN_MS, Promise.all([...queues.values()].map((queue) => queue.close()))).catch(
        say("closing queues"),
      );
      queues.clear();
      for (const connection of [producer, consumer]) connection?.disconnect();
      producer = consumer = undefined;
      return { finished: inFlight - handedBack, handedBack };
    },

    onCompleted: (listener) => completed.add(listener),
    onFailed: (listener) => failed.add(listener),

    async depth() {
      const depth: Record<string, QueueDepth> = {};
      for (const job of registry.all()) {
        const counts = await within(
          ANSWER_WITHIN_MS,
          queueFor(job).getJobCounts("waiting", "prioritized", "delayed", "active", "failed"),
        ).catch((error: unknown) => {
          throw upstream(`Job ${job.name}`, error);
        });
        depth[job.name] = {
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
          delayed: counts.delayed ?? 0,
          active: counts.active ?? 0,
          failed: counts.failed ?? 0,
        };
      }
      return depth;
    },
  };
  return runner;
}
