/**
 * One HTTP request to the API server through client-node's request context,
 * so the kube config's TLS, credentials, impersonation and the outbound
 * guard's dispatcher apply exactly as to its own calls, but with what
 * client-node hides from us: the response headers (admission `Warning`s), the
 * Status body of a refusal, and a byte limit on what is read.
 */
import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  type KubeConfig,
  RequestContext,
} from "@kubernetes/client-node";

const http = new IsomorphicFetchHttpLibrary();

export interface KubeAnswer {
  status: number;
  /** Lower-case names; repeated headers (Warning) joined with ", " as fetch does. */
  headers: Record<string, string>;
  text: string;
}

export interface KubeRequest {
  method: "GET" | "PATCH" | "POST" | "DELETE";
  /** `/apis/apps/v1/namespaces/x/deployments/y`, or a server-relative URL with its query. */
  path: string;
  query?: Record<string, string>;
  body?: string;
  contentType?: string;
  accept?: string;
  /** Bytes of the answer read at most; a longer answer is an error (never buffered whole). */
  maxBytes?: number;
  timeoutMs?: number;
}

export class KubeAnswerTooLarge extends Error {
  constructor(path: string, maxBytes: number) {
    super(`the answer to ${path.split("?")[0]} is larger than ${maxBytes} bytes`);
    this.name = "KubeAnswerTooLarge";
  }
}

const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

export async function kubeRequest(kc: KubeConfig, req: KubeRequest): Promise<KubeAnswer> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("the kubeconfig has no current cluster");
  const url = new URL(cluster.server.replace(/\/$/, "") + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
  const ctx = new RequestContext(url.toString(), HttpMethod[req.method]);
  ctx.setHeaderParam("Accept", req.accept ?? "application/json");
  if (req.body !== undefined) {
    ctx.setHeaderParam("Content-Type", req.contentType ?? "application/json");
    ctx.setBody(req.body);
  }
  ctx.setSignal(AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS));
  await kc.applySecurityAuthentication(ctx);
  const response = await http.send(ctx).toPromise();
  const stream = response.body.stream();
  const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
  const text = stream ? await readLimited(stream, maxBytes, req.path) : "";
  return { status: response.httpStatusCode, headers: response.headers, text };
}

async function readLimited(body: ReadableStream<Uint8Array>, max: number, path: string): Promise<string> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.length;
      if (length > max) throw new KubeAnswerTooLarge(path, max);
      parts.push(value);
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(parts).toString("utf8");
}
