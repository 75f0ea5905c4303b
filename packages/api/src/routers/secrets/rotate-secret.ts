import { SecretsRotateInput, SecretsRotateOutput } from "@clustercord/contracts";
import { rotateSecret } from "../../services/secrets-rotate";
import { roleProcedure } from "../../trpc";
import { secretTarget } from "./targets";

/** Step two: the new version, re-applied as the person everywhere, and the Deployments restarted if asked. */
export const rotateSecretProcedure = roleProcedure("operator")
  .meta({ auditTarget: secretTarget, rateLimit: "expensive" })
  .input(SecretsRotateInput)
  .output(SecretsRotateOutput)
  .mutation(({ ctx, input }) => rotateSecret(ctx, ctx.actor, input));
