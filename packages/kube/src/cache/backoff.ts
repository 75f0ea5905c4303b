/** Reconnect delays (pure). */

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/**
 * initialMs * 2^(failures-1), capped at maxMs, then jittered to 50-100 % so
 * that many caches of one restarted API server do not reconnect in step.
 */
export function backoffDelayMs(failures: number, backoff: Backoff, random: () => number): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.5 + 0.5 * random()));
}
