import { findPodSpec, getIn, type KubeObject, workloadKinds } from "../../objects";
import { setField } from "../../patch";
import { fieldText } from "../../path";
import { definePodRule } from "../define";
import type { LintRule } from "../types";

/** Either of these names the app; the app.kubernetes.io/* set is what tools look for. */
const nameLabels = ["app.kubernetes.io/name", "app"];

export const recommendedLabels: LintRule = {
  id: "recommended-labels",
  severity: "LOW",
  title: "No labels",
  kinds: [...workloadKinds, "Service"],
  check(object: KubeObject) {
    if (!recommendedLabels.kinds.includes(object.kind ?? "")) return [];
    const labels = object.metadata?.labels ?? {};
    if (nameLabels.some((l) => typeof labels[l] === "string")) return [];
    const path = ["metadata", "labels"];
    const name = object.metadata?.name;
    const fix = name ? setField(object, [...path, "app.kubernetes.io/name"], name) : undefined;
    return [
      {
        ruleId: recommendedLabels.id,
        severity: recommendedLabels.severity,
        title: recommendedLabels.title,
        message:
          "metadata.labels recommended for organization: app.kubernetes.io/name, app.kubernetes.io/instance, app.kubernetes.io/version",
        path,
        field: fieldText(path),
        ...(fix ? { fix } : {}),
      },
    ];
  },
};

export const nodeSelector = definePodRule({
  id: "node-selector",
  severity: "INFO",
  title: "Missing nodeSelector",
  problems: (pod) =>
    pod.spec.nodeSelector === undefined && getIn(pod.spec, ["affinity", "nodeAffinity"]) === undefined
      ? [
          {
            path: [...pod.path, "nodeSelector"],
            message: "consider adding a nodeSelector for targeted scheduling",
          },
        ]
      : [],
});

/** Replicas a workload asks for (Deployments, StatefulSets and ReplicaSets default to 1). */
export function replicasOf(object: KubeObject): number {
  const r = getIn(object, ["spec", "replicas"]);
  return typeof r === "number" ? r : findPodSpec(object) ? 1 : 0;
}
