import { applySecretProcedure } from "./apply-secret";
import { createSecretProcedure } from "./create-secret";
import { deleteSecretProcedure } from "./delete-secret";
import { diffSecretProcedure } from "./diff-secret";
import { listSecretsProcedure } from "./list-secrets";
import { listSecretVersionsProcedure } from "./list-versions";
import { planDeleteSecretProcedure } from "./plan-delete-secret";
import { planRotateSecretProcedure } from "./plan-rotate-secret";
import { restoreSecretVersionProcedure } from "./restore-version";
import { rotateSecretProcedure } from "./rotate-secret";

/**
 * The secrets vault (guide feature 9): values go in once and only ever leave into a cluster.
 * A plain record, not router({}), as manifests: tRPC reserves `apply` as a router key but
 * accepts it one level down, and the issue names the procedure secrets.apply.
 */
export const secretsRouter = {
  create: createSecretProcedure,
  list: listSecretsProcedure,
  apply: applySecretProcedure,
  diff: diffSecretProcedure,
  planRotate: planRotateSecretProcedure,
  rotate: rotateSecretProcedure,
  planDelete: planDeleteSecretProcedure,
  delete: deleteSecretProcedure,
  versions: listSecretVersionsProcedure,
  restoreVersion: restoreSecretVersionProcedure,
};
