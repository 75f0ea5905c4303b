import { PodsExecInput, PodsExecOutput } from "@clustercord/contracts";
import { execAuditTarget, execInPod, type PodExecRequest } from "../../services/pod-exec";
import { roleProcedure } from "../../trpc";

/** Runs a command once in a pod's container as the person; audited with the command line. */
export const execPodProcedure = roleProcedure("operator")
  .meta({ auditTarget: (input) => execAuditTarget(input as Partial<PodExecRequest>), rateLimit: "expensive" })
  .input(PodsExecInput)
  .output(PodsExecOutput)
  .mutation(({ ctx, input }) => execInPod(ctx, ctx.actor, input));
