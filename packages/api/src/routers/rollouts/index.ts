import { router } from "../../trpc";

/** Rollouts of Deployments, StatefulSets and DaemonSets, and canary releases (guide feature 6). */
export const rolloutsRouter = router({});
