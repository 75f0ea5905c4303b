export {
  createLogger,
  defaultLogger,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  silentLogger,
} from "./logger";
export { createMetrics, type Metrics, type MetricsOptions, type ObservableJobs } from "./metrics";
export { CENSOR, redactPaths } from "./redact";
export { REQUEST_ID, REQUEST_ID_HEADER, requestIdOf } from "./request-id";
export { type MetricsServer, metricsRoute, serveMetrics } from "./serve";
