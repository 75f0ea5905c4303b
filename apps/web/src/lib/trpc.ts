"use client";
import type { AppRouter } from "@clustercord/api";
import { readApiErrorData } from "@clustercord/contracts";
import { TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/** The message our API put on an error, safe to show. */
export function userMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    return readApiErrorData(error)?.userMessage ?? error.message;
  }
  return "Something went wrong.";
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && readApiErrorData(error)?.code === "UNAUTHORIZED";
}
