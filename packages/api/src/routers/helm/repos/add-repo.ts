import { HelmRepo, HelmReposAddInput } from "@clustercord/contracts";
import { addRepo } from "../../../services/helm-repos";
import { roleProcedure } from "../../../trpc";
import { repoTarget } from "../audit-targets";

/** Adds a chart repository to the guild; its index is fetched once through the outbound guard to prove it. */
export const addRepoProcedure = roleProcedure("admin")
  .meta({ auditTarget: repoTarget, rateLimit: "expensive" })
  .input(HelmReposAddInput)
  .output(HelmRepo)
  .mutation(({ ctx, input }) => addRepo(ctx, ctx.actor, input));
