import { SecretsPlanDeleteInput, SecretsPlanDeleteOutput } from "@clustercord/contracts";
import { planDeleteSecret } from "../../services/secrets-delete";
import { roleProcedure } from "../../trpc";

/** Step one of deleting a secret (admins): what goes, what stays, and a token. Changes nothing. */
export const planDeleteSecretProcedure = roleProcedure("admin")
  .input(SecretsPlanDeleteInput)
  .output(SecretsPlanDeleteOutput)
  .query(({ ctx, input }) => planDeleteSecret(ctx, ctx.actor, input));
