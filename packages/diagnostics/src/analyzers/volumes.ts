import type { ObjectRef } from "@clustercord/contracts";
import type { DiagnosticsContext } from "../context";
import { field } from "../evidence";
import type { FindingDraft } from "../finding";
import type { Pod } from "../kube";

export function missingClaims(ctx: DiagnosticsContext, pod: Pod, target: ObjectRef): FindingDraft[] {
  if (ctx.input.persistentVolumeClaims === undefined) return [];
  const ns = pod.metadata?.namespace ?? "";
  const claims = ctx.pvcs.get(ns) ?? [];
  const out: FindingDraft[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    const claim = v.persistentVolumeClaim?.claimName;
    if (!claim || claims.some((c) => c.metadata?.name === claim)) continue;
    out.push({
      id: "pod.volume.pvc-missing",
      severity: "HIGH",
      target,
      title: `Pod ${target.name} mounts PersistentVolumeClaim ${claim}, which does not exist`,
      cause: `Volume ${v.name} refers to PersistentVolumeClaim ${claim} in ${ns}; the pod cannot start until it exists.`,
      evidence: [field(`volumes[${v.name}].persistentVolumeClaim.claimName`, claim)],
      recommendations: [`Create PersistentVolumeClaim ${claim} in ${ns}, or fix the claim name.`],
    });
  }
  return out;
}

/** The claims a pod mounts, by name. */
export function claimNames(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((v) =>
    v.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : [],
  );
}
