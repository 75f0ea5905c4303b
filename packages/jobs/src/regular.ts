import { randomUUID } from "node:crypto";
import { defaultLogger, type Logger } from "@clustercord/telemetry";
import { Cron } from "croner";
import { retryDelayMs } from "./backoff";
import { checkSchedule } from "./cron";
import { asError, isRetryable } from "./failure";
import { IdempotencyKeys } from "./idempotency";
import { deserializePayload, serializePayload } from "./payload";
import { checkEnqueueOptions, JobRegistry, Listeners } from "./registry";
import {
  DEFAULT_GRACE_MS,
  type JobCompletedEvent,
  type JobFailedEvent,
  type JobRunner,
  type QueueDepth,
  runLogger,
} from "./runner";

/** One enqueued job waiting for its time (or for a free slot). */
interface Pending {
  id: string;
  name: string;
  json: string;
  runAt: number;
  /** Attempts made so far. */
  attempts: number;
  /** Enqueue order, to keep FIFO among jobs due at the same time. */
  seq: number;
}

interface Running {
  pending: Pending;
  controller: AbortController;
  handedBack: boolean;
  done: Promise<void>;
}

/**
 * Regular mode: the embedded default. Jobs run in this process, on timers;
 * nothing to install. Pending jobs live in memory, so they do not survive a
 * restart of the process (queue mode's do).
 */
export function createRegularRunner(options: { log?: Logger } = {}): JobRunner {
  const log = options.log ?? defaultLogger();
  const registry = new JobRegistry();
  const keys = new IdempotencyKeys();
  const completed = new Listeners<JobCompletedEvent>(log);
  const failed = new Listeners<JobFailedEvent>(log);
  const pending: Pending[] = [];
  const running = new Map<string, Running>();
  const crons = new Map<string, Cron>();
  const failedCount = new Map<string, number>();
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let seq = 0;

  const runningCount = (name: string) => {
    let n = 0;
    for (const run of running.values()) if (run.pending.name === name) n++;
    return n;
  };

  /** Starts every due job that has a free slot, then sleeps until the next one is due. */
  function pump() {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!started) return;
    const now = Date.now();
    pending.sort((a, b) => a.runAt - b.runAt || a.seq - b.seq);
    for (let i = 0; i < pending.length; ) {
      const next = pending[i] as Pending;
      if (next.runAt > now) break;
      if (runningCount(next.name) >= registry.get(next.name).concurrency) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      execute(next);
    }
    const soonest = pending.find((p) => p.runAt > now);
    if (soonest) timer = setTimeout(pump, Math.min(soonest.runAt - now, 2 ** 31 - 1));
  }

  function execute(job: Pending) {
    const definition = registry.get(job.name);
    const controller = new AbortController();
    const attempt = job.attempts + 1;
    const startedAt = Date.now();
    const run: Running = { pending: job, controller, handedBack: false, done: Promise.resolve() };
    running.set(job.id, run);
    run.done = (async () => {
      try {
        const payload = deserializePayload(definition, job.json);
        const result = await definition.run(payload, {
          id: job.id,
          name: job.name,
          attempt,
          signal: controller.signal,
          log: runLogger(log, { id: job.id, name: job.name, attempt }),
        });
        if (run.handedBack) return;
        completed.emit({ job: job.name, id: job.id, attempt, durationMs: Date.now() - startedAt, result });
      } catch (thrown) {
        if (run.handedBack) return;
        const error = asError(thrown);
        const willRetry = isRetryable(thrown) && attempt <= definition.retries;
        if (willRetry)
          pending.push({
            ...job,
            attempts: attempt,
            runAt: Date.now() + retryDelayMs(definition.backoff, attempt),
          });
        else failedCount.set(job.name, (failedCount.get(job.name) ?? 0) + 1);
        failed.emit({
          job: job.name,
          id: job.id,
          attempt,
          durationMs: Date.now() - startedAt,
          error,
          willRetry,
        });
      } finally {
        if (running.get(job.id) === run) running.delete(job.id);
        pump();
      }
    })();
  }

  const runner: JobRunner = {
    mode: "regular",

    register(jobs) {
      registry.add(jobs);
    },

    async enqueue(job, payload, options) {
      const definition = registry.resolve(job);
      const checked = checkEnqueueOptions(definition, options);
      const json = serializePayload(definition, payload);
      const id = randomUUID();
      if (checked.idempotencyKey !== undefined) {
        const held = keys.claim(`${job.name}\n${checked.idempotencyKey}`, id, checked.idempotencyTtlMs);
        if (held) return { id: held, deduplicated: true };
      }
      pending.push({
        id,
        name: job.name,
        json,
        runAt: Date.now() + checked.delayMs,
        attempts: 0,
        seq: seq++,
      });
      pump();
      return { id, deduplicated: false };
    },

    async schedule(job, pattern, payload, options = {}) {
      const definition = registry.resolve(job);
      const { tz } = checkSchedule(job.name, pattern, options.tz);
      serializePayload(definition, payload); // refuse a bad payload now, not at the first tick
      const id = options.id ?? job.name;
      crons.get(id)?.stop();
      const cron = new Cron(pattern, { mode: "5-or-6-parts", timezone: tz, paused: !started }, () => {
        runner.enqueue(definition, payload).catch((error: unknown) => {
          log.error({ err: error, schedule: id }, "a scheduled job could not be enqueued");
        });
      });
      crons.set(id, cron);
    },

    async start() {
      started = true;
      for (const cron of crons.values()) cron.resume();
      pump();
    },

    async stop(options = {}) {
      const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
      started = false;
      for (const cron of crons.values()) cron.pause();
      pump(); // clears the timer
      const inFlight = [...running.values()];
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(inFlight.map((run) => run.done)),
        new Promise<void>((resolve) => {
          graceTimer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(graceTimer);
      let handedBack = 0;
      for (const run of inFlight) {
        if (running.get(run.pending.id) !== run) continue;
        // Past the grace period: abort it, and put it back as it was before this attempt.
        run.handedBack = true;
        running.delete(run.pending.id);
        run.controller.abort(new Error("the job runner stopped; this run was handed back"));
        pending.push({ ...run.pending, runAt: Date.now() });
        handedBack++;
      }
      return { finished: inFlight.length - handedBack, handedBack };
    },

    onCompleted: (listener) => completed.add(listener),
    onFailed: (listener) => failed.add(listener),

    async depth() {
      const now = Date.now();
      const depth: Record<string, QueueDepth> = {};
      for (const job of registry.all())
        depth[job.name] = {
          waiting: 0,
          delayed: 0,
          active: runningCount(job.name),
          failed: failedCount.get(job.name) ?? 0,
        };
      for (const job of pending) {
        const entry = depth[job.name] as QueueDepth;
        if (job.runAt > now) entry.delayed++;
        else entry.waiting++;
      }
      return depth;
    },
  };
  return runner;
}
