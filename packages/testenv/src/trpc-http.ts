import { signServiceRequest } from "@clustercord/contracts/service-signing";

export interface TrpcErrorBody {
  message: string;
  data: { code: string; httpStatus: number; appCode: string; userMessage: string };
}

const signAs = Symbol("sign as the worker");

/**
 * What `workerHeaders` returns: the actor's headers, plus (under a symbol, so
 * it is never sent) the token `callTrpc` signs each request with, as the
 * worker does. Signatures cover method, path and body, so they are made per
 * request, not here.
 */
export type WorkerHeaders = Record<string, string> & {
  readonly [signAs]: { token: string; userId: string; guildId: string };
};

/**
 * Calls one tRPC procedure over HTTP exactly as the clients do (GET with
 * ?input= for queries, POST with a JSON body for mutations), so tests see
 * real status codes and error bodies. Given `workerHeaders(...)`, the request
 * is signed like the Discord worker's.
 */
export async function callTrpc<T = unknown>(
  baseUrl: string,
  procedure: string,
  options: { headers?: Record<string, string> | WorkerHeaders; input?: unknown; mutation?: boolean } = {},
): Promise<{ status: number; headers: Headers; data: T; error: TrpcErrorBody | undefined }> {
  const url = new URL(`/api/trpc/${procedure}`, baseUrl);
  if (!options.mutation && options.input !== undefined)
    url.searchParams.set("input", JSON.stringify(options.input));
  const method = options.mutation ? "POST" : "GET";
  const body = options.mutation ? JSON.stringify(options.input ?? {}) : undefined;
  const worker = options.headers && signAs in options.headers ? options.headers[signAs] : undefined;
  const signed = worker
    ? signServiceRequest(worker.token, {
        method,
        path: `${url.pathname}${url.search}`,
        body: body ?? "",
        actorUser: worker.userId,
        actorGuild: worker.guildId,
      })
    : {};
  const res = await fetch(url, {
    method,
    // Object.entries drops the symbol: only string headers go on the wire.
    headers: {
      "content-type": "application/json",
      ...Object.fromEntries(Object.entries(options.headers ?? {})),
      ...signed,
    },
    body,
  });
  const parsed = (await res.json()) as { result?: { data: T }; error?: TrpcErrorBody };
  return { status: res.status, headers: res.headers, data: parsed.result?.data as T, error: parsed.error };
}

/** The Discord worker acting for `userId` in `guildId`: `callTrpc` signs each request with `token`. */
export const workerHeaders = (token: string, userId: string, guildId: string): WorkerHeaders => ({
  [signAs]: { token, userId, guildId },
});
