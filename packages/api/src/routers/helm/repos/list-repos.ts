import { HelmReposListOutput } from "@clustercord/contracts";
import { listRepos } from "../../../services/helm-repos";
import { guildProcedure } from "../../../trpc";

/** The guild's chart repositories (credentials never returned). */
export const listReposProcedure = guildProcedure
  .output(HelmReposListOutput)
  .query(({ ctx }) => listRepos(ctx, ctx.actor));
