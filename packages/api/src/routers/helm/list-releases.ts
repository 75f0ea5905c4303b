import { HelmReleasesInput, HelmReleasesOutput } from "@clustercord/contracts";
import { listReleases } from "../../services/helm-releases";
import { guildProcedure } from "../../trpc";

/** Releases the person may see, from the shared watch cache of release Secrets. */
export const listReleasesProcedure = guildProcedure
  .input(HelmReleasesInput)
  .output(HelmReleasesOutput)
  .query(({ ctx, input }) => listReleases(ctx, ctx.actor, input));
