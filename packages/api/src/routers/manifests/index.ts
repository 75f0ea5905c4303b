import { applyManifestsProcedure } from "./apply-manifests";
import { planApplyProcedure } from "./plan-apply";
import { validateManifestsProcedure } from "./validate-manifests";

/**
 * A plain record, not router({}): tRPC reserves `apply` as a router key (for
 * Function.prototype.apply) but accepts it one level down, and the issue
 * names the procedure manifests.apply. Clients reach it through their proxy
 * as any other path.
 */
export const manifestsRouter = {
  validate: validateManifestsProcedure,
  planApply: planApplyProcedure,
  apply: applyManifestsProcedure,
};
