import { HelmReposRemoveInput, HelmReposRemoveOutput } from "@clustercord/contracts";
import { removeRepo } from "../../../services/helm-repos";
import { roleProcedure } from "../../../trpc";

const target = (input: unknown) => `repo/${(input as { name?: string }).name ?? "?"}`;

/** Removes a chart repository from the guild. */
export const removeRepoProcedure = roleProcedure("admin")
  .meta({ auditTarget: target })
  .input(HelmReposRemoveInput)
  .output(HelmReposRemoveOutput)
  .mutation(({ ctx, input }) => removeRepo(ctx, ctx.actor, input));
