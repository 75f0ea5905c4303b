/**
 * Token buckets: `capacity` requests at once, refilled continuously at
 * `refillPerSecond`. Pure: the clock is a parameter (milliseconds), so tests
 * and callers decide what "now" is. Used by the API (packages/api rate-limit.ts),
 * by the Discord worker per person, and meant for stream input (exec
 * keystrokes, subscribes) too.
 */
export interface BucketSpec {
  capacity: number;
  refillPerSecond: number;
}

export type Take =
  | { ok: true }
  /**
   * `retryAfterSeconds`: when the next token is there (at least 1).
   * `firstRefusal`: the first refusal since the bucket last let a request
   * through, so a flood is reported once per emptying, not once per request.
   */
  | { ok: false; retryAfterSeconds: number; firstRefusal: boolean };

export class TokenBucket {
  private tokens: number;
  private at: number;
  private refusing = false;

  constructor(
    readonly spec: BucketSpec,
    now: number,
  ) {
    this.tokens = spec.capacity;
    this.at = now;
  }

  /** Takes `cost` tokens (one request, or e.g. bytes of input) if there are that many. */
  take(now: number, cost = 1): Take {
    this.refill(now);
    if (this.tokens >= cost) {
      this.tokens -= cost;
      this.refusing = false;
      return { ok: true };
    }
    const firstRefusal = !this.refusing;
    this.refusing = true;
    const seconds =
      this.spec.refillPerSecond > 0
        ? (Math.min(cost, this.spec.capacity) - this.tokens) / this.spec.refillPerSecond
        : Infinity;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(seconds)), firstRefusal };
  }

  /** Whether the bucket is back to full, i.e. indistinguishable from a new one (safe to forget). */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.spec.capacity;
  }

  private refill(now: number) {
    const elapsed = Math.max(0, now - this.at) / 1000;
    this.tokens = Math.min(this.spec.capacity, this.tokens + elapsed * this.spec.refillPerSecond);
    this.at = Math.max(this.at, now);
  }
}

/** One bucket per key (a person, a guild), created full on first use and forgotten once full again. */
export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>();
  private takes = 0;

  constructor(
    readonly spec: BucketSpec,
    /** Forget full buckets every this many takes, so idle keys do not pile up. */
    private readonly sweepEvery = 1000,
  ) {}

  take(key: string, now: number): Take {
    if (++this.takes % this.sweepEvery === 0) this.sweep(now);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.spec, now);
      this.buckets.set(key, bucket);
    }
    return bucket.take(now);
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number) {
    for (const [key, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(key);
  }
}
