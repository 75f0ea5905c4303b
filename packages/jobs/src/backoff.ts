/**
 * How long to wait before retry number `attempt` (1 = the first retry).
 * Both modes use this one formula (BullMQ through a custom backoff strategy),
 * so a job retries on the same timetable in the demo and in production.
 */
export interface BackoffPolicy {
  type: "fixed" | "exponential";
  /** The first retry's delay; exponential doubles it each time. */
  delayMs: number;
  /** No retry waits longer than this. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { type: "exponential", delayMs: 1_000, maxDelayMs: 5 * 60_000 };

export function parseBackoffPolicy(given: Partial<BackoffPolicy> = {}): BackoffPolicy {
  const policy = { ...DEFAULT_BACKOFF, ...given };
  if (policy.type !== "fixed" && policy.type !== "exponential")
    throw new Error("backoff type must be fixed or exponential");
  for (const key of ["delayMs", "maxDelayMs"] as const) {
    const value = policy[key];
    if (!Number.isInteger(value) || value < 0 || value > 24 * 3_600_000)
      throw new Error(`backoff ${key} must be a whole number of milliseconds up to a day`);
  }
  if (policy.maxDelayMs < policy.delayMs) throw new Error("backoff maxDelayMs must not be below delayMs");
  return policy;
}

export function retryDelayMs(policy: BackoffPolicy, attempt: number): number {
  if (policy.type === "fixed") return policy.delayMs;
  const exponent = Math.max(0, Math.min(attempt - 1, 40)); // 2^40 ms is past any cap
  return Math.min(policy.delayMs * 2 ** exponent, policy.maxDelayMs);
}
