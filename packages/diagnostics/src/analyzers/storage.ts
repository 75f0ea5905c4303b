/**
 * PersistentVolumeClaims that do not bind, and why.
 */
import { type DiagnosticsContext, eventsFor } from "../context";
import { eventEvidence, field } from "../evidence";
import { type FindingDraft, refOf } from "../finding";
import type { PersistentVolumeClaim } from "../kube";

export function analyzePvc(ctx: DiagnosticsContext, pvc: PersistentVolumeClaim): FindingDraft[] {
  const target = refOf("PersistentVolumeClaim", pvc);
  const out: FindingDraft[] = [];
  const cls = pvc.spec?.storageClassName ?? ctx.defaultStorageClass;
  const classKnown = ctx.input.storageClasses !== undefined;
  if (classKnown && pvc.spec?.storageClassName && !ctx.storageClasses.has(pvc.spec.storageClassName)) {
    out.push({
      id: "pvc.storage-class-missing",
      severity: "HIGH",
      target,
      title: `PVC ${target.name} asks for StorageClass ${pvc.spec.storageClassName}, which does not exist`,
      cause: `No provisioner will create a volume for class ${pvc.spec.storageClassName}; the claim stays Pending.`,
      evidence: [field("spec.storageClassName", pvc.spec.storageClassName)],
      recommendations: ["Use an existing StorageClass (`kubectl get storageclass`), or create this one."],
    });
  }
  if (pvc.status?.phase === "Pending") {
    const events = eventsFor(ctx, "PersistentVolumeClaim", pvc).filter(
      (e) => e.type === "Warning" || e.reason === "WaitForFirstConsumer",
    );
    const text = events.map((e) => e.message ?? "").join("\n");
    const capacity = /insufficient|exceeded|not enough|capacity|quota/i.test(text);
    const waitsForConsumer = events.some((e) => e.reason === "WaitForFirstConsumer");
    out.push({
      id: "pvc.not-bound",
      severity: waitsForConsumer ? "LOW" : "HIGH",
      target,
      title: `PVC ${target.name} is not bound${capacity ? " (insufficient capacity)" : waitsForConsumer ? " (waiting for a pod)" : ""}`,
      cause: waitsForConsumer
        ? "The StorageClass binds volumes when a pod uses the claim (WaitForFirstConsumer): it binds once a pod is scheduled."
        : capacity
          ? "The provisioner cannot create a volume of the requested size."
          : !cls
            ? "The claim names no StorageClass and the cluster has no default one, so no volume is provisioned; only a matching pre-made PersistentVolume can bind it."
            : `No PersistentVolume is bound; the provisioner for class ${cls} has not made one.`,
      evidence: [
        field("status.phase", "Pending"),
        field(
          "spec.storageClassName",
          pvc.spec?.storageClassName ?? `(none; default: ${ctx.defaultStorageClass ?? "none"})`,
        ),
        field("spec.resources.requests.storage", pvc.spec?.resources?.requests?.storage ?? "?"),
        ...events.slice(0, 3).map((e) => eventEvidence(e)),
      ],
      recommendations: capacity
        ? ["Request less storage, free capacity in the backend, or raise the storage quota."]
        : [
            "Check the StorageClass's provisioner runs (its pods and logs).",
            "Without a StorageClass, create a PersistentVolume matching the claim's size and access modes, or mark a class as default.",
          ],
    });
  }
  return out;
}
