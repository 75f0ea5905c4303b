import { serviceHeaders, serviceTokenScheme } from "@clustercord/contracts";

export interface TrpcErrorBody {
  message: string;
  data: { code: string; httpStatus: number; appCode: string; userMessage: string };
}

/**
 * Calls one tRPC procedure over HTTP exactly as the clients do (GET with
 * ?input= for queries, POST with a JSON body for mutations), so tests see
 * real status codes and error bodies.
 */
export async function callTrpc<T = unknown>(
  baseUrl: string,
  procedure: string,
  options: { headers?: Record<string, string>; input?: unknown; mutation?: boolean } = {},
): Promise<{ status: number; headers: Headers; data: T; error: TrpcErrorBody | undefined }> {
  const url = new URL(`/api/trpc/${procedure}`, baseUrl);
  if (!options.mutation && options.input !== undefined)
    url.searchParams.set("input", JSON.stringify(options.input));
  const res = await fetch(url, {
    method: options.mutation ? "POST" : "GET",
    headers: { "content-type": "application/json", ...options.headers },
    body: options.mutation ? JSON.stringify(options.input ?? {}) : undefined,
  });
  const body = (await res.json()) as { result?: { data: T }; error?: TrpcErrorBody };
  return { status: res.status, headers: res.headers, data: body.result?.data as T, error: body.error };
}

/** The headers the Discord worker sends when acting for `userId` in `guildId`. */
export const workerHeaders = (token: string, userId: string, guildId: string) => ({
  [serviceHeaders.authorization]: `${serviceTokenScheme} ${token}`,
  [serviceHeaders.actorUser]: userId,
  [serviceHeaders.actorGuild]: guildId,
});
