import type { KubeObject } from "../objects";
import { podDisruptionBudget, serviceSelector } from "./rules/batch";
import { hostIPC, hostNetwork, hostPathVolumes, hostPID } from "./rules/host";
import { imageTag } from "./rules/image";
import { nodeSelector, recommendedLabels } from "./rules/metadata";
import { healthProbes } from "./rules/probes";
import { resourceLimits, resourceRequests } from "./rules/resources";
import {
  addedCapabilities,
  privileged,
  privilegeEscalation,
  readOnlyRootFilesystem,
  runAsNonRoot,
} from "./rules/security";
import type { LintFinding, LintRule } from "./types";

export type { FixContext, FixPlan, LintFinding, LintRule } from "./types";
export {
  addedCapabilities,
  healthProbes,
  hostIPC,
  hostNetwork,
  hostPathVolumes,
  hostPID,
  imageTag,
  nodeSelector,
  podDisruptionBudget,
  privileged,
  privilegeEscalation,
  readOnlyRootFilesystem,
  recommendedLabels,
  resourceLimits,
  resourceRequests,
  runAsNonRoot,
  serviceSelector,
};

/** Every lint rule, most severe first (the order findings are listed in). */
export const lintRules: readonly LintRule[] = [
  privileged,
  runAsNonRoot,
  hostNetwork,
  hostPID,
  hostIPC,
  hostPathVolumes,
  addedCapabilities,
  privilegeEscalation,
  resourceLimits,
  healthProbes,
  readOnlyRootFilesystem,
  imageTag,
  resourceRequests,
  podDisruptionBudget,
  serviceSelector,
  recommendedLabels,
  nodeSelector,
];

export const lintRuleById: ReadonlyMap<string, LintRule> = new Map(lintRules.map((r) => [r.id, r]));

/** Findings per document of a batch (same order as `objects`). */
export function lintObjects(
  objects: readonly KubeObject[],
  rules: readonly LintRule[] = lintRules,
): { index: number; findings: LintFinding[] }[] {
  return objects.map((object, index) => ({
    index,
    findings: rules.flatMap((rule) => rule.check(object, objects)),
  }));
}
