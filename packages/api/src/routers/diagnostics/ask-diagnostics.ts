import { DiagnosticsAskInput, DiagnosticsAskOutput } from "@clustercord/contracts";
import { askDiagnostics } from "../../services/diagnostics-ai";
import { guildProcedure } from "../../trpc";

type Fields = { clusterId?: unknown; target?: { kind?: unknown; namespace?: unknown; name?: unknown } };

/** `cluster/<id>/diagnostics/<Kind>/<namespace>/<name>/ask` (the question is not recorded). */
const askTarget = (input: unknown) => {
  const { clusterId, target } = input as Fields;
  const where = [target?.kind, target?.namespace, target?.name].filter((p) => p !== undefined).join("/");
  return `cluster/${String(clusterId)}/diagnostics/${where}/ask`;
};

/**
 * The rule-based diagnosis, then an AI explanation of it streaming in the
 * background (read with diagnostics.answer). A mutation: it calls out to the
 * model (audited, its own rate limit); the audit names the target, never the question.
 */
export const askDiagnosticsProcedure = guildProcedure
  .meta({ auditTarget: askTarget, rateLimit: "ai" })
  .input(DiagnosticsAskInput)
  .output(DiagnosticsAskOutput)
  .mutation(({ ctx, input }) => askDiagnostics(ctx, ctx.actor, input));
