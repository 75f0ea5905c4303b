import { DiagnosticsPlanFixInput, ManifestPlan } from "@clustercord/contracts";
import { planFindingFix } from "../../services/diagnostics-fix";
import { roleProcedure } from "../../trpc";

type Fields = {
  clusterId?: unknown;
  target?: { kind?: unknown; namespace?: unknown; name?: unknown };
  fingerprint?: unknown;
};

/** `cluster/<id>/diagnostics/<Kind>/<namespace>/<name>/fix/<fingerprint>` */
const fixTarget = (input: unknown) => {
  const { clusterId, target, fingerprint } = input as Fields;
  const where = [target?.kind, target?.namespace, target?.name].filter((p) => p !== undefined).join("/");
  return `cluster/${String(clusterId)}/diagnostics/${where}/fix/${String(fingerprint)}`;
};

/**
 * Step one of applying a finding's fix: the finding found again, the patched
 * object planned as manifests.planApply plans a file (diff and token); the
 * person confirms with manifests.apply.
 */
export const planFixProcedure = roleProcedure("operator")
  .meta({ auditTarget: fixTarget, rateLimit: "expensive" })
  .input(DiagnosticsPlanFixInput)
  .output(ManifestPlan)
  .mutation(({ ctx, input }) => planFindingFix(ctx, ctx.actor, input));
