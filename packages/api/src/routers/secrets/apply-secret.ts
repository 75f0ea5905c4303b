import { SecretsApplyInput, SecretsApplyOutput } from "@clustercord/contracts";
import { applyVaultSecret } from "../../services/secrets-apply";
import { roleProcedure } from "../../trpc";
import { secretPlaceTarget } from "./targets";

/** Server-side applies the newest version as the person, at the home or another namespace they can use. */
export const applySecretProcedure = roleProcedure("operator")
  .meta({ auditTarget: secretPlaceTarget, rateLimit: "expensive" })
  .input(SecretsApplyInput)
  .output(SecretsApplyOutput)
  .mutation(({ ctx, input }) => applyVaultSecret(ctx, ctx.actor, input));
