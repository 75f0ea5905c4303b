/**
 * A GET to the cluster whose body is read as a stream (never whole):
 * through @kubernetes/client-node's request context and HTTP library, so
 * the kube config's TLS, credentials, impersonation and dispatcher apply
 * exactly as to its own API calls.
 */
import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  type KubeConfig,
  RequestContext,
} from "@kubernetes/client-node";
import { KubeRequestError, parseStatus } from "./errors";

const http = new IsomorphicFetchHttpLibrary();

/** The most of an error answer that is read (for its Status message). */
const ERROR_BODY_BYTES = 64 * 1024;

export interface StreamedGet {
  url: URL;
  /** A 200 answer's body; the caller reads it and cancels it when done. */
  body: ReadableStream<Uint8Array>;
}

/**
 * GETs `path` with `query`; resolves with the body of a 200 answer, rejects
 * with a KubeRequestError (status and the server's message) otherwise.
 */
export async function streamedGet(
  kubeConfig: KubeConfig,
  path: string,
  query: Record<string, string>,
  signal: AbortSignal,
  what: string,
): Promise<StreamedGet> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error("the kubeconfig has no current cluster");
  const url = new URL(cluster.server + path);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const ctx = new RequestContext(url.toString(), HttpMethod.GET);
  ctx.setHeaderParam("Accept", "application/json");
  ctx.setSignal(signal);
  await kubeConfig.applySecurityAuthentication(ctx);
  const response = await http.send(ctx).toPromise();
  const body = response.body.stream();
  if (response.httpStatusCode === 200 && body) return { url, body };
  const text = body ? await readAtMost(body, ERROR_BODY_BYTES) : "";
  const status = parseStatus(text);
  throw new KubeRequestError(
    `${what}: ${status?.message ?? `HTTP ${response.httpStatusCode}`}`,
    response.httpStatusCode,
    status?.reason,
  );
}

/** The first `max` bytes of a body as text; the rest is not read. */
async function readAtMost(body: ReadableStream<Uint8Array>, max: number): Promise<string> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  try {
    while (length < max) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      length += value.length;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(parts).subarray(0, max));
}
