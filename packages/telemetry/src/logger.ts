import pino, { type DestinationStream, type Logger as PinoLogger } from "pino";
import pretty from "pino-pretty";
import { CENSOR, redactPaths } from "./redact";

export type Logger = PinoLogger;
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface LoggerOptions {
  /** The process or part logging: every line carries it as `service`. */
  name: string;
  level?: LogLevel;
  /** Human-readable colored lines instead of JSON (the demo; never in production). */
  pretty?: boolean;
  /** Where lines go (default stdout); tests pass a stream to capture them. */
  destination?: DestinationStream | NodeJS.WritableStream;
}

/**
 * A pino logger: one JSON object per line, `service` on every line, the
 * paths in redact.ts blanked, errors under `err` with their stack. Pretty
 * output is pino-pretty in this thread (no worker), so it also ends with the process.
 */
export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level ?? "info",
    base: { service: options.name },
    redact: { paths: redactPaths(), censor: CENSOR },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.pretty)
    return pino(settings, pretty({ colorize: true, sync: true, destination: options.destination ?? 1 }));
  return pino(settings, options.destination ?? pino.destination({ sync: true }));
}

/** A logger that writes nothing: the default where a caller passes none (libraries, tests). */
export const silentLogger: Logger = pino({ level: "silent" });

let fallback: Logger | undefined;
/** The logger parts use when their caller passed none: JSON to stdout at info, made once per process. */
export function defaultLogger(): Logger {
  fallback ??= createLogger({ name: "clustercord" });
  return fallback;
}
