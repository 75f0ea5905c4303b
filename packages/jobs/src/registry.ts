import { AppError } from "@clustercord/contracts";
import type { Logger } from "@clustercord/telemetry";
import type { AnyJob } from "./define";
import { DEFAULT_IDEMPOTENCY_TTL_MS, type EnqueueOptions } from "./runner";

/** The jobs a runner knows, by name; shared by both modes. */
export class JobRegistry {
  private readonly jobs = new Map<string, AnyJob>();

  add(jobs: readonly AnyJob[]): AnyJob[] {
    const added: AnyJob[] = [];
    for (const job of jobs) {
      const known = this.jobs.get(job.name);
      if (known === job) continue;
      if (known) throw new AppError("INTERNAL", { message: `Two different jobs are named ${job.name}` });
      this.jobs.set(job.name, job);
      added.push(job);
    }
    return added;
  }

  get(name: string): AnyJob {
    const job = this.jobs.get(name);
    if (!job) throw new AppError("INTERNAL", { message: `Job ${name} is not registered with this runner` });
    return job;
  }

  /** The registered job itself (a same-named definition that was not registered is refused). */
  resolve(job: AnyJob): AnyJob {
    const known = this.get(job.name);
    if (known !== job)
      throw new AppError("INTERNAL", { message: `Job ${job.name} differs from the one registered` });
    return known;
  }

  all(): AnyJob[] {
    return [...this.jobs.values()];
  }
}

export interface CheckedEnqueueOptions {
  idempotencyKey: string | undefined;
  idempotencyTtlMs: number;
  delayMs: number;
}

export function checkEnqueueOptions(job: AnyJob, options: EnqueueOptions = {}): CheckedEnqueueOptions {
  const refuse = (what: string) =>
    new AppError("INTERNAL", { message: `Enqueue of job ${job.name}: ${what}` });
  const delayMs = options.delayMs ?? 0;
  if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 366 * 24 * 3_600_000)
    throw refuse("delayMs must be a whole number of milliseconds from 0 to a year");
  const idempotencyTtlMs = options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
  if (!Number.isInteger(idempotencyTtlMs) || idempotencyTtlMs < 1 || idempotencyTtlMs > 366 * 24 * 3_600_000)
    throw refuse("idempotencyTtlMs must be a whole number of milliseconds from 1 to a year");
  const key = options.idempotencyKey;
  if (key !== undefined && (key.length < 1 || key.length > 200))
    throw refuse("idempotencyKey must be 1 to 200 characters");
  return { idempotencyKey: key, idempotencyTtlMs, delayMs };
}

/** Run listeners without letting one listener's failure reach the runner. */
export class Listeners<E> {
  private readonly set = new Set<(event: E) => void>();

  constructor(private readonly log: Logger) {}

  add(listener: (event: E) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  emit(event: E) {
    for (const listener of this.set) {
      try {
        listener(event);
      } catch (error) {
        this.log.error({ err: error }, "a job listener failed");
      }
    }
  }
}
