import { router } from "../../trpc";
import { deletePodProcedure } from "./delete-pod";
import { execPodProcedure } from "./exec-pod";
import { getPodProcedure } from "./get-pod";
import { listPodsProcedure } from "./list-pods";
import { planDeletePodProcedure } from "./plan-delete-pod";
import { readLogsProcedure } from "./read-logs";

export const podsRouter = router({
  list: listPodsProcedure,
  get: getPodProcedure,
  logs: readLogsProcedure,
  planDelete: planDeletePodProcedure,
  delete: deletePodProcedure,
  exec: execPodProcedure,
});
