import { ClustersSetupOutput } from "@clustercord/contracts";
import { clusterSetupGuide } from "../../services/clusters";
import { guildProcedure } from "../../trpc";

/** The same manifest for every member: it holds no secret, the token is made on the cluster. */
export const clusterSetupProcedure = guildProcedure
  .output(ClustersSetupOutput)
  .query(() => clusterSetupGuide());
