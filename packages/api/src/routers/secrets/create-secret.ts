import { SecretsCreateInput, SecretsCreateOutput } from "@clustercord/contracts";
import { createSecret } from "../../services/secrets-store";
import { roleProcedure } from "../../trpc";
import { secretPlaceTarget } from "./targets";

/** Stores a new secret (from a file or the form) sealed in the guild's vault, homed in a namespace the person can use. */
export const createSecretProcedure = roleProcedure("operator")
  .meta({ auditTarget: secretPlaceTarget })
  .input(SecretsCreateInput)
  .output(SecretsCreateOutput)
  .mutation(({ ctx, input }) => createSecret(ctx, ctx.actor, input));
