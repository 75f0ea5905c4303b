import { SecretsPlanRotateOutput, SecretsRotateSpec } from "@clustercord/contracts";
import { planRotateSecret } from "../../services/secrets-rotate";
import { roleProcedure } from "../../trpc";
import { secretTarget } from "./targets";

/**
 * Step one of a rotation: which keys, where it is re-applied, which Deployments restart, and a token.
 * Changes nothing; a mutation so that uploaded values travel in a POST body, never in a URL.
 */
export const planRotateSecretProcedure = roleProcedure("operator")
  .meta({ auditTarget: secretTarget })
  .input(SecretsRotateSpec)
  .output(SecretsPlanRotateOutput)
  .mutation(({ ctx, input }) => planRotateSecret(ctx, ctx.actor, input));
