import type { Logger } from "@clustercord/telemetry";
import { createQueueRunner, type QueueRunnerOptions } from "./queue";
import { createRegularRunner } from "./regular";
import type { JobRunner } from "./runner";

export type JobRunnerConfig = { mode: "regular"; log?: Logger } | ({ mode: "queue" } & QueueRunnerOptions);

/** The runner for this configuration: regular (in-process) or queue (BullMQ on Redis). */
export function createJobRunner(config: JobRunnerConfig): JobRunner {
  return config.mode === "queue" ? createQueueRunner(config) : createRegularRunner(config);
}
