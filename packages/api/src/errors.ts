/**
 * The one error mapper of the API: whatever a procedure or a socket handler
 * ended with becomes an AppError, whose `userMessage` is all a client sees.
 * tRPC's error formatter and every socket acknowledgement go through it.
 */
import { AppError, type AppErrorCode } from "@clustercord/contracts";
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ZodError } from "zod";

export const trpcCodes: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  UPSTREAM: "BAD_GATEWAY",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

/** Input that failed its schema, naming each field and what is wrong with it (never its value). */
export function invalidInput(error: ZodError): AppError {
  const detail = error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
  return new AppError("BAD_REQUEST", { userMessage: `Invalid input: ${detail}`, cause: error });
}

/** The AppError behind any error a procedure or socket handler ended with. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return invalidInput(error);
  if (error instanceof TRPCError) {
    if (error.cause instanceof AppError) return error.cause;
    if (error.cause instanceof ZodError) return invalidInput(error.cause);
    const byTrpc = Object.entries(trpcCodes).find(([, t]) => t === error.code)?.[0] as
      | AppErrorCode
      | undefined;
    if (byTrpc && byTrpc !== "INTERNAL") return new AppError(byTrpc, { message: error.message });
  }
  return new AppError("INTERNAL", { message: String(error), cause: error });
}

/** Errors worth reporting in full: ours, or a dependency that failed. The rest are answers. */
export const isUnexpected = (error: AppError) => error.code === "INTERNAL" || error.code === "UPSTREAM";
