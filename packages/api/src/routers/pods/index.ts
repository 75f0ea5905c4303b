import { router } from "../../trpc";
import { getPodProcedure } from "./get-pod";
import { listPodsProcedure } from "./list-pods";
import { readLogsProcedure } from "./read-logs";

export const podsRouter = router({
  list: listPodsProcedure,
  get: getPodProcedure,
  logs: readLogsProcedure,
});
