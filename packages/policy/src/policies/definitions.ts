import type { PolicyKey, PolicySeverity } from "@clustercord/contracts";
import { hostNetwork } from "../lint/rules/host";
import { imageTag } from "../lint/rules/image";
import { healthProbes } from "../lint/rules/probes";
import { resourceLimits } from "../lint/rules/resources";
import { privileged, readOnlyRootFilesystem, runAsNonRoot } from "../lint/rules/security";
import type { LintRule } from "../lint/types";
import { fieldIs, hasChain } from "./cel";

export interface CelValidation {
  expression: string;
  message: string;
  reason: "Forbidden" | "Invalid";
}

/**
 * One of the guide's policies. It exists twice: `rule` (TypeScript, for the
 * background audit and the lint step) and `validations` (CEL, for admission).
 * They must agree; test/corpus holds the manifests that prove it.
 */
export interface PolicyDefinition {
  key: PolicyKey;
  title: string;
  description: string;
  /** The PolicyReport category. */
  category: "Pod Security" | "Resources" | "Reliability" | "Supply Chain";
  severity: PolicySeverity;
  rule: LintRule;
  validations: readonly CelValidation[];
}

const define = (p: Omit<PolicyDefinition, "severity">): PolicyDefinition => ({
  ...p,
  severity: p.rule.severity,
});

const sc = (field: string) => ["securityContext", field];
/** The container's own setting if it has one, else the pod's. */
const containerOrPod = (field: string, test: (expr: string) => string, podDefault: string) =>
  `(${hasChain("c", sc(field))}) ? ${test(`c.securityContext.${field}`)} : ` +
  `((${hasChain("variables.podSpec", sc(field))}) ? ${test(`variables.podSpec.securityContext.${field}`)} : ${podDefault})`;

export const policies: readonly PolicyDefinition[] = [
  define({
    key: "require-limits",
    category: "Resources",
    title: "Require resource limits",
    description: "All containers must have CPU and memory limits.",
    rule: resourceLimits,
    validations: [
      {
        expression: `variables.containers.all(c, ${hasChain("c", ["resources", "limits", "cpu"])} && has(c.resources.limits.memory))`,
        message:
          "every container needs CPU and memory limits (resources.limits.cpu and resources.limits.memory)",
        reason: "Invalid",
      },
    ],
  }),
  define({
    key: "require-probes",
    category: "Reliability",
    title: "Require health probes",
    description: "Long-running workloads must have liveness and readiness probes.",
    rule: healthProbes,
    validations: [
      {
        expression:
          "(object.kind == 'Pod' && has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(r, r.kind == 'Job')) || " +
          "variables.podSpec.containers.all(c, has(c.livenessProbe) && has(c.readinessProbe))",
        message: "every container needs a livenessProbe and a readinessProbe",
        reason: "Invalid",
      },
    ],
  }),
  define({
    key: "no-privileged",
    category: "Pod Security",
    title: "Prevent privileged containers",
    description: "Block containers with privileged: true.",
    rule: privileged,
    validations: [
      {
        expression: `variables.containers.all(c, !${fieldIs("c", sc("privileged"), "true")})`,
        message: "privileged containers are not allowed (securityContext.privileged must not be true)",
        reason: "Forbidden",
      },
    ],
  }),
  define({
    key: "read-only-root-fs",
    category: "Pod Security",
    title: "Require read-only root filesystem",
    description: "Enforce readOnlyRootFilesystem: true.",
    rule: readOnlyRootFilesystem,
    validations: [
      {
        expression: `variables.containers.all(c, ${fieldIs("c", sc("readOnlyRootFilesystem"), "true")})`,
        message: "every container needs securityContext.readOnlyRootFilesystem: true",
        reason: "Forbidden",
      },
    ],
  }),
  define({
    key: "no-host-network",
    category: "Pod Security",
    title: "Prevent host networking",
    description: "Block hostNetwork: true.",
    rule: hostNetwork,
    validations: [
      {
        expression: `!${fieldIs("variables.podSpec", ["hostNetwork"], "true")}`,
        message: "host networking is not allowed (hostNetwork must not be true)",
        reason: "Forbidden",
      },
    ],
  }),
  define({
    key: "no-latest-tag",
    category: "Supply Chain",
    title: "Prevent latest tag",
    description: "Require specific image versions (a tag other than latest, or a digest).",
    rule: imageTag,
    validations: [
      {
        // Same test as isPinnedImage: a digest, or a tag (after the last ':', no '/' after it) that is not latest.
        expression:
          "variables.containers.all(c, has(c.image) && (c.image.contains('@') || (c.image.matches(':[^/:]+$') && !c.image.endsWith(':latest'))))",
        message: "images must name a specific version: a tag other than latest, or a digest",
        reason: "Forbidden",
      },
    ],
  }),
  define({
    key: "run-as-non-root",
    category: "Pod Security",
    title: "Require non-root user",
    description: "Enforce runAsNonRoot: true, and no UID 0.",
    rule: runAsNonRoot,
    validations: [
      {
        expression: `variables.containers.all(c, ${containerOrPod("runAsNonRoot", (e) => `${e} == true`, "false")})`,
        message:
          "every container must run as non-root (securityContext.runAsNonRoot: true on the pod or container)",
        reason: "Forbidden",
      },
      {
        expression: `variables.containers.all(c, ${containerOrPod("runAsUser", (e) => `${e} != 0`, "true")})`,
        message: "containers must not run as UID 0 (securityContext.runAsUser: 0)",
        reason: "Forbidden",
      },
    ],
  }),
];

export const policyByKey: ReadonlyMap<PolicyKey, PolicyDefinition> = new Map(policies.map((p) => [p.key, p]));

export function getPolicy(key: PolicyKey): PolicyDefinition {
  const p = policyByKey.get(key);
  if (!p) throw new Error(`unknown policy ${key}`);
  return p;
}
