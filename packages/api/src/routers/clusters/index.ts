import { router } from "../../trpc";
import { addClusterProcedure } from "./add-cluster";
import { clusterSetupProcedure } from "./cluster-setup";
import { getClusterStatusProcedure } from "./get-cluster-status";
import { listClustersProcedure } from "./list-clusters";
import { planRemoveClusterProcedure } from "./plan-remove-cluster";
import { removeClusterProcedure } from "./remove-cluster";
import { renameClusterProcedure } from "./rename-cluster";

export const clustersRouter = router({
  add: addClusterProcedure,
  list: listClustersProcedure,
  status: getClusterStatusProcedure,
  setup: clusterSetupProcedure,
  planRemove: planRemoveClusterProcedure,
  remove: removeClusterProcedure,
  rename: renameClusterProcedure,
});
