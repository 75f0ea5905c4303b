/**
 * Regular mode's idempotency keys: a key seen within its lifetime maps to the
 * job it first created, whatever became of that job (as BullMQ's
 * deduplication with a TTL behaves in queue mode). Expired keys are swept at
 * most once a minute, so memory is bounded by what was enqueued within the
 * keys' lifetime.
 */
export class IdempotencyKeys {
  private readonly keys = new Map<string, { jobId: string; expiresAt: number }>();
  private nextSweepAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** The job id already holding `key`, or undefined after claiming it for `jobId`. */
  claim(key: string, jobId: string, ttlMs: number): string | undefined {
    const at = this.now();
    if (at >= this.nextSweepAt) this.sweep(at);
    const held = this.keys.get(key);
    if (held && held.expiresAt > at) return held.jobId;
    this.keys.set(key, { jobId, expiresAt: at + ttlMs });
    return undefined;
  }

  get size(): number {
    return this.keys.size;
  }

  private sweep(at: number) {
    for (const [key, held] of this.keys) if (held.expiresAt <= at) this.keys.delete(key);
    this.nextSweepAt = at + 60_000;
  }
}
