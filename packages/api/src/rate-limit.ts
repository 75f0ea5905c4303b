import { AppError, type BucketSpec, KeyedBuckets, slowDownMessage } from "@clustercord/contracts";
import type { TRPCError } from "@trpc/server";

/**
 * How much a procedure costs, set in its meta (`rateLimit`). "expensive":
 * cluster calls with new credentials, status probes, tenancy changes.
 * "directory": looks up ids a person types in Discord (each unknown id costs
 * bot calls that count against the bot's own limit, shared by everyone).
 * "ai": asks an AI model (diagnostics.ask): each costs the operator money.
 * "poll": cheap reads a client repeats while something streams (diagnostics.answer, ~2.5 a second).
 */
export type RateClass = "default" | "expensive" | "directory" | "ai" | "poll";

interface ClassLimits {
  person: BucketSpec;
  /** Everyone in one guild together; null: per person only. */
  guild: BucketSpec | null;
}

/** Per API process. Bursts are generous for pages that load several lists at once. */
export const defaultRateLimits: Record<RateClass, ClassLimits> = {
  default: {
    person: { capacity: 60, refillPerSecond: 2 },
    guild: { capacity: 300, refillPerSecond: 10 },
  },
  // A clusters page probes each cluster's status once per load: room for a guild with many.
  expensive: {
    person: { capacity: 20, refillPerSecond: 1 / 3 },
    guild: { capacity: 60, refillPerSecond: 1 },
  },
  directory: {
    person: { capacity: 10, refillPerSecond: 1 / 6 },
    guild: null,
  },
  // A few questions a minute per person.
  ai: {
    person: { capacity: 3, refillPerSecond: 1 / 20 },
    guild: { capacity: 20, refillPerSecond: 1 / 6 },
  },
  // Its own bucket, so polling an answer never starves the page's other requests.
  poll: {
    person: { capacity: 30, refillPerSecond: 5 },
    guild: null,
  },
};

/** A refusal by a rate limit: HTTP 429, "Slow down: try again in N s.", and a Retry-After header. */
export class SlowDown extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    /** The first refusal since the bucket emptied: the one worth an audit row. */
    readonly firstRefusal: boolean,
    bucket: string,
  ) {
    super("TOO_MANY_REQUESTS", {
      message: `rate limited (${bucket})`,
      userMessage: slowDownMessage(retryAfterSeconds),
    });
  }
}

/** Seconds for a Retry-After header when this error is a rate-limit refusal. */
export function retryAfterOf(error: TRPCError): number | null {
  return error.cause instanceof SlowDown ? error.cause.retryAfterSeconds : null;
}

export interface RateLimiter {
  /** Takes a token for the person (and their guild) in this class, or throws SlowDown. */
  check(who: { userId: string; guildId: string | null }, rateClass: RateClass, now?: number): void;
}

export interface RateLimiterOptions {
  limits?: Record<RateClass, ClassLimits>;
  /** Multiplies every capacity and refill rate (RATE_LIMIT_SCALE); 0 turns limiting off. */
  scale?: number;
}

const scaled = (spec: BucketSpec, scale: number): BucketSpec => ({
  capacity: Math.max(1, Math.round(spec.capacity * scale)),
  refillPerSecond: spec.refillPerSecond * scale,
});

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const scale = options.scale ?? 1;
  if (scale === 0) return { check() {} };
  const limits = options.limits ?? defaultRateLimits;
  const buckets = new Map<string, KeyedBuckets>();
  const bucketsFor = (name: string, spec: BucketSpec) => {
    let keyed = buckets.get(name);
    if (!keyed) {
      keyed = new KeyedBuckets(scaled(spec, scale));
      buckets.set(name, keyed);
    }
    return keyed;
  };
  return {
    check({ userId, guildId }, rateClass, now = Date.now()) {
      const { person, guild } = limits[rateClass];
      const mine = bucketsFor(`${rateClass}/person`, person).take(userId, now);
      if (!mine.ok) throw new SlowDown(mine.retryAfterSeconds, mine.firstRefusal, `${rateClass}/person`);
      if (guild && guildId) {
        const ours = bucketsFor(`${rateClass}/guild`, guild).take(guildId, now);
        if (!ours.ok) throw new SlowDown(ours.retryAfterSeconds, ours.firstRefusal, `${rateClass}/guild`);
      }
    },
  };
}
