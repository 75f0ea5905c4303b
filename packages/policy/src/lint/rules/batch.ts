import { isRecord, type KubeObject, namespaceOf, podLabels, workloadKinds } from "../../objects";
import { fieldText } from "../../path";
import { mapSelectorMatches, selectorMatches } from "../../selectors";
import type { LintFinding, LintRule } from "../types";
import { replicasOf } from "./metadata";

const finding = (rule: LintRule, path: (string | number)[], message: string): LintFinding => ({
  ruleId: rule.id,
  severity: rule.severity,
  title: rule.title,
  message,
  path,
  field: fieldText(path),
});

/** A workload with replicas > 1 and no PodDisruptionBudget in the batch covering its pods. */
export const podDisruptionBudget: LintRule = {
  id: "pdb-missing",
  severity: "MEDIUM",
  title: "No PodDisruptionBudget",
  kinds: ["Deployment", "StatefulSet"],
  check(object, batch) {
    if (!podDisruptionBudget.kinds.includes(object.kind ?? "") || replicasOf(object) <= 1) return [];
    const labels = podLabels(object);
    const covered = batch.some(
      (o) =>
        o.kind === "PodDisruptionBudget" &&
        namespaceOf(o) === namespaceOf(object) &&
        isRecord(o.spec) &&
        selectorMatches(o.spec.selector, labels),
    );
    return covered
      ? []
      : [
          finding(
            podDisruptionBudget,
            ["spec", "replicas"],
            `${replicasOf(object)} replicas but no PodDisruptionBudget selects them: a node drain can take them all down at once`,
          ),
        ];
  },
};

const isWorkload = (o: KubeObject) => (workloadKinds as readonly string[]).includes(o.kind ?? "");

/**
 * A Service whose selector matches no workload's pods in the batch. Only
 * judged when the batch has workloads: a Service applied alone usually
 * selects pods that already run.
 */
export const serviceSelector: LintRule = {
  id: "service-selector",
  severity: "MEDIUM",
  title: "Service selects no pods",
  kinds: ["Service"],
  check(object, batch) {
    if (object.kind !== "Service" || !isRecord(object.spec)) return [];
    const selector = object.spec.selector;
    if (!isRecord(selector) || Object.keys(selector).length === 0) return [];
    const workloads = batch.filter((o) => isWorkload(o) && namespaceOf(o) === namespaceOf(object));
    if (workloads.length === 0) return [];
    if (workloads.some((w) => mapSelectorMatches(selector, podLabels(w)))) return [];
    return [
      finding(
        serviceSelector,
        ["spec", "selector"],
        `selector ${Object.entries(selector)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(",")} matches no workload in this batch`,
      ),
    ];
  },
};
