import { HelmReposRemoveInput, HelmReposRemoveOutput } from "@clustercord/contracts";
import { removeRepo } from "../../../services/helm-repos";
import { roleProcedure } from "../../../trpc";
import { repoTarget } from "../audit-targets";

/** Removes a chart repository from the guild. */
export const removeRepoProcedure = roleProcedure("admin")
  .meta({ auditTarget: repoTarget })
  .input(HelmReposRemoveInput)
  .output(HelmReposRemoveOutput)
  .mutation(({ ctx, input }) => removeRepo(ctx, ctx.actor, input));
