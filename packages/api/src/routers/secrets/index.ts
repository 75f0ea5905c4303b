import { router } from "../../trpc";

/** The secrets vault (guide feature 9): values go in once and only ever leave into a cluster. */
export const secretsRouter = router({});
