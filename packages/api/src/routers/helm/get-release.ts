import { HelmReleaseDetail, HelmReleaseDetailInput } from "@clustercord/contracts";
import { getRelease } from "../../services/helm-releases";
import { guildProcedure } from "../../trpc";

/** One revision of a release: values (masked), manifest (Secret data masked) and notes. */
export const getReleaseProcedure = guildProcedure
  .input(HelmReleaseDetailInput)
  .output(HelmReleaseDetail)
  .query(({ ctx, input }) => getRelease(ctx, ctx.actor, input));
