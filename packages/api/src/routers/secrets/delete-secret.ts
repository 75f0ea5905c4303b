import { SecretsDeleteInput, SecretsDeleteOutput } from "@clustercord/contracts";
import { deleteSecret } from "../../services/secrets-delete";
import { roleProcedure } from "../../trpc";
import { secretTarget } from "./targets";

/** Step two: removes the secret and its versions, and the applied Secrets as the person if asked. */
export const deleteSecretProcedure = roleProcedure("admin")
  .meta({ auditTarget: secretTarget, rateLimit: "expensive" })
  .input(SecretsDeleteInput)
  .output(SecretsDeleteOutput)
  .mutation(({ ctx, input }) => deleteSecret(ctx, ctx.actor, input));
