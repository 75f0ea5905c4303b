import { ManifestsInput, ManifestValidation } from "@clustercord/contracts";
import { validateManifests } from "../../services/manifests";
import { guildProcedure } from "../../trpc";
import { batchTarget } from "./audit-targets";

/**
 * The six steps without applying: parse, the live cluster's schema, a
 * server-side dry-run as the person, lint and diff, each with its findings.
 * A mutation only because files are too big for a URL; it changes nothing.
 */
export const validateManifestsProcedure = guildProcedure
  .meta({ auditTarget: batchTarget, rateLimit: "expensive" })
  .input(ManifestsInput)
  .output(ManifestValidation)
  .mutation(({ ctx, input }) => validateManifests(ctx, ctx.actor, input));
