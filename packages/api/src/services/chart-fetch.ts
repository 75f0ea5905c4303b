/**
 * The one way the catalog reads from a chart repository or ArtifactHub: a GET
 * through the chart guard (no internal addresses, no redirects), with a
 * timeout and a size limit, errors as AppErrors that name what was asked
 * for and never a credential or a redirect's location.
 */
import { AppError } from "@clustercord/contracts";
import { findOutboundRefusal, type OutboundGuard } from "@clustercord/outbound";
import { fetch } from "undici";

export const MiB = 1024 * 1024;

export interface GuardedGetOptions {
  /** What is fetched, for messages: "the index of repository local". */
  what: string;
  maxBytes: number;
  timeoutMs: number;
  headers?: Record<string, string>;
}

export interface GuardedResponse {
  status: number;
  /** Lower-cased response headers. */
  headers: Map<string, string>;
  body: Buffer;
}

const sizeText = (bytes: number) =>
  bytes >= MiB ? `${Math.round(bytes / MiB)} MiB` : `${Math.round(bytes / 1024)} KiB`;

/** The guard's refusal as the person should read it, prefixed with what was being fetched. */
function refusalError(what: string, userMessage: string): AppError {
  return new AppError("FORBIDDEN", {
    message: `${what}: ${userMessage}`,
    userMessage: `${what}: ${userMessage}`,
  });
}

/**
 * A short reason for a failed connection: an errno code, else the innermost
 * cause's first line (undici's messages name no credentials or headers).
 */
function networkReason(error: unknown): string {
  let innermost = "network error";
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return code;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && message) innermost = message.split("\n")[0]?.slice(0, 80) ?? innermost;
  }
  return innermost;
}

export async function guardedGet(
  guard: OutboundGuard,
  url: string,
  options: GuardedGetOptions,
): Promise<GuardedResponse> {
  const { what } = options;
  try {
    guard.checkUrl(url);
  } catch (error) {
    const refusal = findOutboundRefusal(error);
    throw refusalError(what, refusal?.userMessage ?? "the address is not allowed");
  }
  const signal = AbortSignal.timeout(options.timeoutMs);
  let res: Awaited<ReturnType<typeof fetch>>;
  try {
    res = await fetch(url, {
      dispatcher: guard.dispatcher(),
      redirect: "manual",
      headers: { "user-agent": "ClusterCord", ...options.headers },
      signal,
    });
  } catch (error) {
    const refusal = findOutboundRefusal(error);
    if (refusal) throw refusalError(what, refusal.userMessage);
    if (signal.aborted) {
      throw new AppError("UPSTREAM", {
        userMessage: `${what} did not answer within ${Math.round(options.timeoutMs / 1000)} s.`,
      });
    }
    throw new AppError("UPSTREAM", {
      message: `${what}: ${networkReason(error)}`,
      userMessage: `${what} could not be reached (${networkReason(error)}).`,
    });
  }
  // fetch with redirect "manual" hands a 3xx back; the guard's dispatcher already fails it, this is the backstop.
  if (res.status >= 300 && res.status < 400 && res.status !== 304) {
    await res.body?.cancel().catch(() => {});
    throw refusalError(
      what,
      `the server answered with a redirect (HTTP ${res.status}); ClusterCord does not follow redirects`,
    );
  }
  const tooBig = () =>
    new AppError("BAD_REQUEST", {
      userMessage: `${what} is larger than ${sizeText(options.maxBytes)}, the most ClusterCord reads.`,
    });
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  if (declared > options.maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw tooBig();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    if (res.body) {
      for await (const chunk of res.body) {
        size += chunk.byteLength;
        if (size > options.maxBytes) throw tooBig();
        chunks.push(Buffer.from(chunk));
      }
    }
  } catch (error) {
    await res.body?.cancel().catch(() => {});
    if (error instanceof AppError) throw error;
    if (signal.aborted) {
      throw new AppError("UPSTREAM", {
        userMessage: `${what} did not answer within ${Math.round(options.timeoutMs / 1000)} s.`,
      });
    }
    throw new AppError("UPSTREAM", { userMessage: `${what} broke off (${networkReason(error)}).` });
  }
  const headers = new Map<string, string>();
  res.headers.forEach((value, key) => {
    headers.set(key.toLowerCase(), value);
  });
  return { status: res.status, headers, body: Buffer.concat(chunks) };
}

/** An HTTP status that is not a success, as a message naming what was fetched. */
export function statusError(what: string, status: number): AppError {
  return new AppError("UPSTREAM", { userMessage: `${what} answered HTTP ${status}.` });
}

/** `Authorization: Basic …` for a repository's credentials (sent only to the repository's own origin). */
export function basicAuthHeader(credentials: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}
