import type { RequestListener } from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { type ApiDeps, identify } from "./context";
import { isUnexpected, toAppError } from "./errors";
import { appRouter } from "./root";

export interface ApiHandlerOptions extends ApiDeps {
  /** Where unexpected errors are reported in full. */
  onUnexpectedError?: (error: unknown, path: string | undefined) => void;
}

/** Node request handler serving the API under /api/trpc/. */
export function createApiHandler(options: ApiHandlerOptions): RequestListener {
  const { onUnexpectedError, ...deps } = options;
  return createHTTPHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    maxBodySize: 1024 * 1024,
    createContext: ({ req }) => identify(deps, req),
    onError({ error, path }) {
      if (isUnexpected(toAppError(error))) onUnexpectedError?.(error, path);
    },
  });
}
