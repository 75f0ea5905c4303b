import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";

// Digests have one length whatever was sent, so the comparison's time says nothing about the token.
const digest = (text: string) => createHash("sha256").update(text).digest();
const sameSecret = (given: string, expected: string) => timingSafeEqual(digest(given), digest(expected));

async function answer(metrics: Metrics, res: ServerResponse, log: Logger | undefined) {
  try {
    const text = await metrics.text();
    res.writeHead(200, { "content-type": metrics.contentType, "cache-control": "no-store" });
    res.end(text);
  } catch (error) {
    log?.error({ err: error }, "metrics: collecting failed");
    res.statusCode = 500;
    res.end();
  }
}

/**
 * /metrics on the web's own port: 404 when no token is set (not served at
 * all), 401 without detail unless `Authorization: Bearer <token>` matches
 * (compared in constant time), else the registry's text.
 */
export function metricsRoute(options: { metrics: Metrics; token: string | undefined; log?: Logger }) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const { token } = options;
    if (!token) {
      res.statusCode = 404;
      return void res.end();
    }
    const header = req.headers.authorization ?? "";
    const given = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
    if (!sameSecret(given, token)) {
      res.statusCode = 401;
      res.setHeader("www-authenticate", "Bearer");
      return void res.end();
    }
    await answer(options.metrics, res, options.log);
  };
}

export interface MetricsServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** /metrics on a port of its own, without a token (METRICS_PORT; keep it off public networks). */
export async function serveMetrics(options: {
  metrics: Metrics;
  port: number;
  host: string;
  log?: Logger;
}): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://metrics").pathname;
    if (req.method !== "GET" || path !== "/metrics") {
      res.statusCode = 404;
      return void res.end();
    }
    void answer(options.metrics, res, options.log);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  options.log?.info({ port, host: options.host }, "metrics served on their own port");
  return {
    url: `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}/metrics`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
