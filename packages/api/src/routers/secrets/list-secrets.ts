import { SecretsListInput, SecretsListOutput } from "@clustercord/contracts";
import { listSecrets } from "../../services/secrets-store";
import { guildProcedure } from "../../trpc";

/** The guild's secrets: names, keys, type, versions and where they are applied; never values. */
export const listSecretsProcedure = guildProcedure
  .input(SecretsListInput)
  .output(SecretsListOutput)
  .query(({ ctx, input }) => listSecrets(ctx, ctx.actor, input));
