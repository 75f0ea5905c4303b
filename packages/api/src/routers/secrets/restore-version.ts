import { SecretsRestoreVersionInput, SecretsRestoreVersionOutput } from "@clustercord/contracts";
import { restoreSecretVersion } from "../../services/secrets-rotate";
import { roleProcedure } from "../../trpc";
import { secretVersionTarget } from "./targets";

/** A new version holding an older version's values, re-applied where the secret is applied. */
export const restoreSecretVersionProcedure = roleProcedure("operator")
  .meta({ auditTarget: secretVersionTarget, rateLimit: "expensive" })
  .input(SecretsRestoreVersionInput)
  .output(SecretsRestoreVersionOutput)
  .mutation(({ ctx, input }) => restoreSecretVersion(ctx, ctx.actor, input));
