import { router } from "../../trpc";
import { cancelOperationProcedure } from "./cancel-operation";
import { getChartProcedure } from "./get-chart";
import { getHistoryProcedure } from "./get-history";
import { getOperationProcedure } from "./get-operation";
import { getReleaseProcedure } from "./get-release";
import { installChartProcedure } from "./install-chart";
import { listReleasesProcedure } from "./list-releases";
import { planInstallProcedure } from "./plan-install";
import { planRollbackProcedure } from "./plan-rollback";
import { planUninstallProcedure } from "./plan-uninstall";
import { planUpgradeProcedure } from "./plan-upgrade";
import { helmReposRouter } from "./repos";
import { rollbackReleaseProcedure } from "./rollback-release";
import { searchChartsProcedure } from "./search-charts";
import { uninstallReleaseProcedure } from "./uninstall-release";
import { upgradeReleaseProcedure } from "./upgrade-release";

export const helmRouter = router({
  search: searchChartsProcedure,
  chart: getChartProcedure,
  repos: helmReposRouter,
  releases: listReleasesProcedure,
  history: getHistoryProcedure,
  release: getReleaseProcedure,
  planInstall: planInstallProcedure,
  install: installChartProcedure,
  planUpgrade: planUpgradeProcedure,
  upgrade: upgradeReleaseProcedure,
  planRollback: planRollbackProcedure,
  rollback: rollbackReleaseProcedure,
  planUninstall: planUninstallProcedure,
  uninstall: uninstallReleaseProcedure,
  operation: getOperationProcedure,
  cancel: cancelOperationProcedure,
});
