import { SecretsDiffInput, SecretsDiffOutput } from "@clustercord/contracts";
import { diffVaultSecret } from "../../services/secrets-apply";
import { roleProcedure } from "../../trpc";
import { secretTarget } from "./targets";

/**
 * Keys added, removed and changed against a file or the live Secret, by keyed hash: values not shown.
 * A mutation although it changes nothing: an uploaded file travels in a POST body, never in a URL.
 */
export const diffSecretProcedure = roleProcedure("operator")
  .meta({ auditTarget: secretTarget })
  .input(SecretsDiffInput)
  .output(SecretsDiffOutput)
  .mutation(({ ctx, input }) => diffVaultSecret(ctx, ctx.actor, input));
