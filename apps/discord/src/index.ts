export { type Actor, type ApiClient, type ApiClientFactory, createApiClient } from "./api-client";
export { buttons, commands } from "./commands";
export type { ButtonHandler, CommandContext, SlashCommand } from "./commands/types";
export { loadWorkerEnv, type WorkerEnv } from "./env";
export { type Logger, startWorker, type Worker, type WorkerOptions } from "./worker";
