import { router } from "../../trpc";

/** Cluster snapshots (guide feature 11): taken as the person, diffed, downloaded, restored after a dry-run. */
export const snapshotsRouter = router({});
