import { parseQuantity } from "@clustercord/contracts";
import type { DiagnosticsContext } from "../context";
import { field } from "../evidence";
import { type FindingDraft, refOf } from "../finding";
import type { ResourceQuota } from "../kube";

export function analyzeQuota(_ctx: DiagnosticsContext, q: ResourceQuota): FindingDraft[] {
  const target = refOf("ResourceQuota", q);
  const hard = q.status?.hard ?? {};
  const used = q.status?.used ?? {};
  const full = Object.keys(hard).filter((k) => {
    const h = parseQuantity(hard[k] ?? "");
    const u = parseQuantity(used[k] ?? "0");
    return h !== null && u !== null && h > 0 && u >= h;
  });
  if (full.length === 0) return [];
  return [
    {
      id: "namespace.quota-exhausted",
      severity: "MEDIUM",
      target,
      title: `ResourceQuota ${target.name} is used up (${full.join(", ")})`,
      cause: "New pods (or objects) that need more of these resources are rejected in the namespace.",
      evidence: full.map((k) => field(`status.used.${k} / status.hard.${k}`, `${used[k]} / ${hard[k]}`)),
      recommendations: [
        "Raise the quota, or free what it counts (scale down, delete finished pods, lower requests).",
      ],
    },
  ];
}
