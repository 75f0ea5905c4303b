import { type AppErrorCode, nonRetryableCodes, readApiErrorData } from "@clustercord/contracts";
import { TRPCClientError } from "@trpc/client";

/** The API's code for an error (AppError codes: BAD_REQUEST, FORBIDDEN, ...). */
export const appCode = (error: unknown): AppErrorCode | undefined =>
  error instanceof TRPCClientError ? readApiErrorData(error)?.appCode : undefined;

/** The API refused the request itself (bad input, not allowed, not found): asking again will not help. */
export function isRefusal(error: unknown): boolean {
  const code = appCode(error);
  return !!code && nonRetryableCodes.has(code);
}

/** After a failure: stop on a refusal, else keep trying, slower, so a passing outage heals by itself. */
const AFTER_FAILURE_MS = 10_000;

/**
 * A react-query `refetchInterval` for pages served from the API's
 * watch-backed caches: every `ms` while things work.
 */
export const refreshEvery =
  (ms: number) =>
  (query: { state: { status: string; error: unknown } }): number | false =>
    query.state.status !== "error" ? ms : isRefusal(query.state.error) ? false : AFTER_FAILURE_MS;
