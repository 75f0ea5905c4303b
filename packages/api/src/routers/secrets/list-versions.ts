import { SecretRef, SecretsVersionsOutput } from "@clustercord/contracts";
import { secretVersions } from "../../services/secrets-store";
import { guildProcedure } from "../../trpc";

/** The kept versions of a secret: keys, reason, when and by whom. */
export const listSecretVersionsProcedure = guildProcedure
  .input(SecretRef)
  .output(SecretsVersionsOutput)
  .query(({ ctx, input }) => secretVersions(ctx, ctx.actor, input));
