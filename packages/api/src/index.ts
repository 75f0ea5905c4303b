/** The watch-backed cache registry an API process owns (ApiDeps.caches). */
export { ResourceCaches } from "@clustercord/kube";
export type { ApiDeps, Context, Identity } from "./context";
export { identify } from "./context";
export { type ApiHandlerOptions, createApiHandler } from "./http";
export { createPodsSocketHandler, type PodsSocketOptions } from "./pods-socket";
export { createResourcesSocketHandler } from "./resources-socket";
export { type AppRouter, appRouter, createCaller } from "./root";
export type { NotificationsDeps } from "./services/notify/deps";
export {
  createNotificationsSocketHandler,
  type NotificationsSocket,
  type NotificationsSocketOptions,
} from "./sockets/notifications";
export { createStreamHandler, type StreamHandlerOptions, type StreamSocketLike } from "./streams";
