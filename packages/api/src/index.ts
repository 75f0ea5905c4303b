export type { ApiDeps, Context, Identity } from "./context";
export { identify } from "./context";
export { type ApiHandlerOptions, createApiHandler } from "./http";
export { type AppRouter, appRouter, createCaller } from "./root";
