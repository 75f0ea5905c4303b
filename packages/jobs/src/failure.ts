import { AppError, nonRetryableCodes } from "@clustercord/contracts";

/**
 * A failure worth another attempt: anything but an AppError whose code says
 * the request itself is wrong (bad input, no permission, gone), which would
 * fail the same way every time.
 */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof AppError && nonRetryableCodes.has(error.code));
}

/** The error a run threw, as an Error (jobs may throw anything). */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(`job threw a non-Error value (${typeof thrown})`);
}
