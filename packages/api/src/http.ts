import type { IncomingMessage, RequestListener } from "node:http";
import { isServiceRequest } from "@clustercord/auth";
import { AppError } from "@clustercord/contracts";
import { defaultLogger } from "@clustercord/telemetry";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { type ApiDeps, identify } from "./context";
import { isUnexpected, toAppError } from "./errors";
import { createRateLimiter, type RateLimiter, retryAfterOf } from "./rate-limit";
import { appRouter } from "./root";

export interface ApiHandlerOptions extends ApiDeps {
  /** Where unexpected errors are reported in full (default: the request's logger, with its reqId). */
  onUnexpectedError?: (error: unknown, path: string | undefined) => void;
}

/** 1 MiB of manifests as base64 (a zip or tar) is 1.34 MiB; nothing else comes near this. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Procedures one HTTP request may batch; each is also rate limited on its own. */
const MAX_BATCH_SIZE = 10;

/** Reads a body up to `limit` bytes; null when it is larger. */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        resolve(null);
      } else chunks.push(chunk);
    });
    req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
  });
}

/** Node request handler serving the API under /api/trpc/. */
export function createApiHandler(options: ApiHandlerOptions): RequestListener {
  const { onUnexpectedError, ...given } = options;
  // One limiter per API process, shared by every request it serves.
  const deps: ApiDeps & { rateLimiter: RateLimiter } = {
    ...given,
    rateLimiter: given.rateLimiter ?? createRateLimiter(),
  };
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    maxBodySize: MAX_BODY_BYTES,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: ({ req }) => identify(deps, req),
    responseMeta({ errors }) {
      const wait = errors.map(retryAfterOf).find((s) => s !== null);
      return wait ? { headers: { "retry-after": String(wait) } } : {};
    },
    onError({ error, path, ctx }) {
      if (!isUnexpected(toAppError(error))) return;
      if (onUnexpectedError) onUnexpectedError(error, path);
      else
        (ctx?.log ?? deps.log ?? defaultLogger()).error({ err: error, procedure: path }, "unexpected error");
    },
  });
  return (req, res) => {
    // A signed worker request signs its body: keep the exact bytes for identify(), and
    // hand them to tRPC as req.body (its node adapter reads a string body from there).
    if (!isServiceRequest(req.headers) || req.method !== "POST") return trpc(req, res);
    readBody(req, MAX_BODY_BYTES).then(
      (body) => {
        if (body === null) {
          const error = new AppError("BAD_REQUEST", { userMessage: "The request body is over 2 MiB." });
          res.writeHead(413, { "content-type": "application/json", connection: "close" });
          res.end(JSON.stringify({ error: { message: error.userMessage, data: { appCode: error.code } } }));
          return;
        }
        (req as IncomingMessage & { body?: string }).body = body;
        void trpc(req, res);
      },
      () => {
        res.statusCode = 400;
        res.end();
      },
    );
  };
}
