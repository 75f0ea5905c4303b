import type { IncomingMessage, ServerResponse } from "node:http";
import type { StreamSocket } from "@clustercord/realtime";
import {
  createLogger,
  createMetrics,
  type Logger,
  type Metrics,
  type MetricsServer,
  metricsRoute,
  requestIdOf,
  serveMetrics,
} from "@clustercord/telemetry";
import type { WebEnv } from "./env";

export interface WebTelemetry {
  log: Logger;
  metrics: Metrics;
  /** Gives the request its id (echoed as x-request-id) and logs one line when it is answered. */
  observe(req: IncomingMessage, res: ServerResponse): void;
  /** Counts an open socket and logs its opening and closing under its own reqId. */
  observeSocket(socket: StreamSocket): void;
  /** /metrics on the web port: 404 without METRICS_TOKEN, 401 without the right bearer token. */
  metricsRoute(req: IncomingMessage, res: ServerResponse): Promise<void>;
  stop(): Promise<void>;
}

/** Next.js assets: one line each would drown the requests that matter, so they log at debug. */
const quietPaths = /^\/(_next\/|favicon\.ico$|api\/health$)/;

/**
 * The web process's logger and metrics: LOG_LEVEL, LOG_PRETTY, METRICS_TOKEN,
 * and METRICS_PORT (a port of its own, no token). `log` replaces the logger
 * (tests capture lines with it).
 */
export async function startWebTelemetry(env: WebEnv, given: { log?: Logger } = {}): Promise<WebTelemetry> {
  const log = given.log ?? createLogger({ name: "web", level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
  const metrics = createMetrics();
  const own: MetricsServer | null = env.METRICS_PORT
    ? await serveMetrics({ metrics, port: env.METRICS_PORT, host: env.METRICS_HOST, log })
    : null;
  const route = metricsRoute({ metrics, token: env.METRICS_TOKEN, log });
  return {
    log,
    metrics,
    observe(req, res) {
      const reqId = requestIdOf(req, res);
      const started = performance.now();
      res.once("close", () => {
        // The path only: a query string may carry a procedure's input.
        const path = new URL(req.url ?? "/", "http://web").pathname;
        log[quietPaths.test(path) ? "debug" : "info"](
          {
            reqId,
            method: req.method,
            path,
            status: res.statusCode,
            ms: Math.round(performance.now() - started),
          },
          "request",
        );
      });
    },
    observeSocket(socket) {
      const reqId = requestIdOf(socket.request);
      metrics.openSockets.inc({ kind: "browser" });
      log.info({ reqId, socket: socket.id }, "socket open");
      socket.on("disconnect", (reason: unknown) => {
        metrics.openSockets.dec({ kind: "browser" });
        log.info({ reqId, socket: socket.id, reason: String(reason) }, "socket closed");
      });
    },
    metricsRoute: route,
    async stop() {
      await own?.close();
    },
  };
}
