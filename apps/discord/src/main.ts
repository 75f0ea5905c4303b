import { createLogger, createMetrics, serveMetrics } from "@clustercord/telemetry";
import { loadWorkerEnv } from "./env";
import { startWorker, workerLogger } from "./worker";

// Configuration errors are the operator's to fix: one fatal line on stderr (it names variables, never values).
let env: ReturnType<typeof loadWorkerEnv>;
try {
  env = loadWorkerEnv();
} catch (error) {
  createLogger({ name: "discord", destination: process.stderr }).fatal(
    error instanceof Error ? error.message : String(error),
  );
  process.exit(1);
}

const log = createLogger({ name: "discord", level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
// Interaction latency by command: on METRICS_PORT when set.
const metrics = createMetrics();
const metricsServer = env.METRICS_PORT
  ? await serveMetrics({ metrics, port: env.METRICS_PORT, host: env.METRICS_HOST, log })
  : null;

const worker = await startWorker(env, { logger: workerLogger(log), metrics }).catch((error: unknown) => {
  log.fatal({ err: error }, "could not start");
  process.exit(1);
});

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "stopping");
  worker
    .stop()
    .then(() => metricsServer?.close())
    .catch((error: unknown) => log.error({ err: error }, "stop failed"))
    .finally(() => process.exit(0));
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
