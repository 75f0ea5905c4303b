export const appErrorCodes = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "TOO_MANY_REQUESTS",
  "UPSTREAM",
  "INTERNAL",
] as const;
export type AppErrorCode = (typeof appErrorCodes)[number];

const defaultUserMessages: Record<AppErrorCode, string> = {
  BAD_REQUEST: "That request is not valid.",
  UNAUTHORIZED: "Please sign in first.",
  FORBIDDEN: "You do not have permission to do that.",
  NOT_FOUND: "That was not found.",
  CONFLICT: "That conflicts with the current state; refresh and try again.",
  TOO_MANY_REQUESTS: "Slow down: try again in a few seconds.",
  UPSTREAM: "A service we depend on did not answer; try again shortly.",
  INTERNAL: "Something went wrong on our side.",
};

/**
 * The one error type below the API. `message` is for logs; `userMessage` is
 * safe to show to people in the browser and in Discord.
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessage: string;

  constructor(code: AppErrorCode, options: { message?: string; userMessage?: string; cause?: unknown } = {}) {
    super(options.message ?? options.userMessage ?? defaultUserMessages[code], {
      cause: options.cause,
    });
    this.name = "AppError";
    this.code = code;
    this.userMessage = options.userMessage ?? defaultUserMessages[code];
  }
}

/** The one sentence both clients show when a rate limit refuses a request. */
export const slowDownMessage = (retryAfterSeconds: number) =>
  `Slow down: try again in ${Math.max(1, Math.ceil(retryAfterSeconds))} s.`;

/** Codes whose requests must never be retried (documenso/headlamp rule). */
export const nonRetryableCodes: ReadonlySet<AppErrorCode> = new Set([
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
]);
