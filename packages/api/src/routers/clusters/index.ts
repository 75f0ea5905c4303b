import { router } from "../../trpc";
import { addClusterProcedure } from "./add-cluster";
import { getClusterStatusProcedure } from "./get-cluster-status";
import { listClustersProcedure } from "./list-clusters";

export const clustersRouter = router({
  add: addClusterProcedure,
  list: listClustersProcedure,
  status: getClusterStatusProcedure,
});
