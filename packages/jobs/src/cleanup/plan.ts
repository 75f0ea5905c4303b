/**
 * What the periodic cleanup deletes, decided from the settings and the clock
 * alone. Confirmation tokens are stateless (an expiry and an HMAC, see
 * packages/api/src/services/confirmations.ts): nothing is stored, so nothing
 * expires in the database and there is nothing to delete for them.
 */
export interface CleanupPolicy {
  /** Audit rows older than this many days go; 0 keeps them forever. */
  auditRetentionDays: number;
}

export interface CleanupPlan {
  /** Delete audit rows written before this instant; null: keep every row. */
  auditRowsBefore: Date | null;
}

const DAY_MS = 24 * 3_600_000;

export function planCleanup(policy: CleanupPolicy, now: Date): CleanupPlan {
  const days = policy.auditRetentionDays;
  if (!Number.isInteger(days) || days < 0)
    throw new Error("auditRetentionDays must be a whole number of days, 0 to keep audit rows forever");
  return { auditRowsBefore: days === 0 ? null : new Date(now.getTime() - days * DAY_MS) };
}
