import { auditRouter } from "./routers/audit";
import { clustersRouter } from "./routers/clusters";
import { guildsRouter } from "./routers/guilds";
import { meRouter } from "./routers/me";
import { namespacesRouter } from "./routers/namespaces";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  me: meRouter,
  guilds: guildsRouter,
  audit: auditRouter,
  clusters: clustersRouter,
  namespaces: namespacesRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
