/**
 * diagnostics.planFix: a finding's fix through the YAML/apply confirm path.
 * The diagnosis is run again as the person (the finding must still be there),
 * the fix's object is read live as the person, patched (pure, in
 * @clustercord/diagnostics), and handed to manifests.planApply's own flow, so
 * the answer is a manifests plan (steps, diff, token) that manifests.apply
 * confirms. The plan takes the patched fields from their other field manager
 * (kubectl, a chart): the person sees exactly that change in the diff.
 */
import { AppError, type DiagnosticsPlanFixInput, type ManifestPlan } from "@clustercord/contracts";
import { FixNotApplicableError, fixedManifest } from "@clustercord/diagnostics";
import { readWorkload, WORKLOAD_API_VERSIONS } from "@clustercord/kube";
import type { z } from "zod";
import type { ApiDeps } from "../context";
import { openActorCluster, personKubeConfig } from "./actor-cluster";
import { runDiagnostics } from "./diagnostics";
import { planApply } from "./manifests";
import type { Actor } from "./read-access";

export const FINDING_GONE = "This finding is no longer present: diagnose again to see what is wrong now.";

export async function planFindingFix(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof DiagnosticsPlanFixInput>,
): Promise<ManifestPlan> {
  const { clusterId, target, fingerprint } = input;
  const diagnosis = await runDiagnostics(deps, actor, { clusterId, target });
  const finding = diagnosis.findings.find((f) => f.fingerprint === fingerprint);
  if (!finding) throw new AppError("NOT_FOUND", { userMessage: FINDING_GONE });
  const { fix } = finding;
  if (!fix)
    throw new AppError("BAD_REQUEST", {
      userMessage: "This finding has no fix to apply: follow its recommendations instead.",
    });
  const { kind, namespace, name } = fix.target;
  if (!namespace || !(kind in WORKLOAD_API_VERSIONS))
    throw new AppError("BAD_REQUEST", { userMessage: `A fix to a ${kind} cannot be applied from here.` });
  const cluster = await openActorCluster(deps, actor, clusterId);
  const live = await readWorkload(personKubeConfig(deps, actor, cluster), kind, namespace, name);
  let manifest: ReturnType<typeof fixedManifest>;
  try {
    manifest = fixedManifest(live, fix);
  } catch (error) {
    if (error instanceof FixNotApplicableError)
      throw new AppError("CONFLICT", {
        userMessage: `The fix no longer fits ${kind} ${name}: ${error.message}. Diagnose again.`,
      });
    throw error;
  }
  // JSON is YAML: the manifests flow parses it as it parses an uploaded file.
  return planApply(
    deps,
    actor,
    {
      clusterId,
      namespace,
      files: [{ name: `${kind}-${name}.yaml`, encoding: "utf8", content: JSON.stringify(manifest, null, 2) }],
    },
    { force: true, summary: `Fix: ${fix.description}` },
  );
}
