import { PodsListInput, PodsListOutput } from "@clustercord/contracts";
import { listPods } from "../../services/pods";
import { guildProcedure } from "../../trpc";

/** Pods in one of the person's namespaces, from the cluster's shared watch-backed cache. */
export const listPodsProcedure = guildProcedure
  .input(PodsListInput)
  .output(PodsListOutput)
  .query(({ ctx, input }) => listPods(ctx, ctx.actor, input));
