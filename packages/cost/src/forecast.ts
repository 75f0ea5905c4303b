import type { Span } from "./period";

/** Spend at the end of the period if it goes on at the rate so far (linear). */
export function forecast(spentSoFar: number, elapsedMs: number, periodMs: number): number {
  if (elapsedMs <= 0) return spentSoFar;
  if (elapsedMs >= periodMs) return spentSoFar;
  return (spentSoFar * periodMs) / elapsedMs;
}

/**
 * When spend at the current rate reaches `threshold` within `period`: now
 * when it already has, null when it does not before the period ends.
 */
export function thresholdCrossedAt(
  spentSoFar: number,
  threshold: number,
  period: Span,
  now: Date,
): Date | null {
  if (spentSoFar >= threshold) return now;
  const elapsed = now.getTime() - period.from.getTime();
  if (elapsed <= 0 || spentSoFar <= 0) return null;
  const rate = spentSoFar / elapsed;
  const at = now.getTime() + (threshold - spentSoFar) / rate;
  return at < period.to.getTime() ? new Date(at) : null;
}
