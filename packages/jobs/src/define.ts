import { AppError } from "@clustercord/contracts";
import type { Logger } from "@clustercord/telemetry";
import type { z } from "zod";
import { type BackoffPolicy, parseBackoffPolicy } from "./backoff";

/** What a running job is told about itself. */
export interface JobContext {
  /** The run's id: the same across retries of one enqueued job. */
  id: string;
  name: string;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  /**
   * Aborted when the runner stops and this run passed the grace period: the
   * run is handed back and will run again, so stop work and throw.
   */
  signal: AbortSignal;
  /** This run's logger: `reqId` (the job's id and attempt) and `job` on every line. */
  log: Logger;
}

/**
 * A named job: its payload schema (payloads are JSON, stored in Redis in
 * queue mode, so they carry ids, never secrets), what it does, and how it is
 * retried and limited.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly payload: S;
  readonly run: (payload: z.output<S>, ctx: JobContext) => Promise<unknown>;
  /** Further attempts after a failed one (not for non-retryable AppErrors). */
  readonly retries: number;
  readonly backoff: BackoffPolicy;
  /** At most this many runs at once: in the process (regular) or across every jobs process (queue). */
  readonly concurrency: number;
}

export interface JobSpec<S extends z.ZodType> {
  name: string;
  payload: S;
  run: (payload: z.output<S>, ctx: JobContext) => Promise<unknown>;
  retries?: number;
  backoff?: Partial<BackoffPolicy>;
  concurrency?: number;
}

// Dots group names ("notify.deliver"); BullMQ reserves ":" in queue names.
const JOB_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

export const DEFAULT_RETRIES = 3;

export function defineJob<S extends z.ZodType>(spec: JobSpec<S>): JobDefinition<S> {
  const problem = (what: string) =>
    new AppError("INTERNAL", { message: `Job definition ${JSON.stringify(spec.name)}: ${what}` });
  if (!JOB_NAME.test(spec.name)) throw problem("the name must be lower-case words joined by '-' or '.'");
  const retries = spec.retries ?? DEFAULT_RETRIES;
  if (!Number.isInteger(retries) || retries < 0 || retries > 100)
    throw problem("retries must be a whole number from 0 to 100");
  const concurrency = spec.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000)
    throw problem("concurrency must be a whole number from 1 to 1000");
  let backoff: BackoffPolicy;
  try {
    backoff = parseBackoffPolicy(spec.backoff);
  } catch (error) {
    throw problem((error as Error).message);
  }
  return Object.freeze({
    name: spec.name,
    payload: spec.payload,
    run: spec.run,
    retries,
    backoff,
    concurrency,
  });
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds jobs of every payload type
export type AnyJob = JobDefinition<any>;
