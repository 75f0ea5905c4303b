import { alertsRouter } from "./routers/alerts";
import { auditRouter } from "./routers/audit";
import { blueprintsRouter } from "./routers/blueprints";
import { clustersRouter } from "./routers/clusters";
import { costRouter } from "./routers/cost";
import { diagnosticsRouter } from "./routers/diagnostics";
import { guildsRouter } from "./routers/guilds";
import { helmRouter } from "./routers/helm";
import { jobsRouter } from "./routers/jobs";
import { manifestsRouter } from "./routers/manifests";
import { meRouter } from "./routers/me";
import { namespacesRouter } from "./routers/namespaces";
import { notificationsRouter } from "./routers/notifications";
import { podsRouter } from "./routers/pods";
import { policiesRouter } from "./routers/policies";
import { resourcesRouter } from "./routers/resources";
import { rolesRouter } from "./routers/roles";
import { rolloutsRouter } from "./routers/rollouts";
import { secretsRouter } from "./routers/secrets";
import { snapshotsRouter } from "./routers/snapshots";
import { tenantsRouter } from "./routers/tenants";
import { auditInputsFrom, createCallerFactory, router } from "./trpc";

export const appRouter = router({
  me: meRouter,
  alerts: alertsRouter,
  guilds: guildsRouter,
  helm: helmRouter,
  jobs: jobsRouter,
  manifests: manifestsRouter,
  audit: auditRouter,
  blueprints: blueprintsRouter,
  clusters: clustersRouter,
  cost: costRouter,
  diagnostics: diagnosticsRouter,
  namespaces: namespacesRouter,
  notifications: notificationsRouter,
  pods: podsRouter,
  policies: policiesRouter,
  resources: resourcesRouter,
  roles: rolesRouter,
  rollouts: rolloutsRouter,
  secrets: secretsRouter,
  snapshots: snapshotsRouter,
  tenants: tenantsRouter,
});

// Audit targets come from input parsed with each procedure's own schema.
auditInputsFrom(appRouter);

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
