import { PolicyKey, type PolicySeverity } from "@clustercord/contracts";
import { policyByKey } from "./policies/definitions";

/** A ClusterCord policy's answer found in an API server message (a Deny error or a Warn warning). */
export interface PolicyAnswer {
  policy: PolicyKey;
  title: string;
  severity: PolicySeverity;
  action: "deny" | "warn";
  /** The validation's message, without the `[policy …]` tag. */
  message: string;
}

// Deny: `… is forbidden: ValidatingAdmissionPolicy 'clustercord-x' with binding 'clustercord-x' denied request: msg`
// Warn: `Validation failed for ValidatingAdmissionPolicy 'clustercord-x' with binding 'clustercord-x': msg`
const answerPattern =
  /ValidatingAdmissionPolicy 'clustercord-([a-z-]+)' with binding '[^']*'( denied request)?: (.*?)(?: \[policy [a-z-]+\])?$/;

/**
 * Which ClusterCord policy refused or warned, from the API server's message
 * or one warning line, so YAML apply and Helm can name the policy and offer
 * its fix. Null for anything else (another policy, a webhook, a quota).
 */
export function parsePolicyAnswer(text: string): PolicyAnswer | null {
  const m = answerPattern.exec(text.trim());
  if (!m) return null;
  const key = PolicyKey.safeParse(m[1]);
  const policy = key.success ? policyByKey.get(key.data) : undefined;
  if (!policy) return null;
  return {
    policy: policy.key,
    title: policy.title,
    severity: policy.severity,
    action: m[2] ? "deny" : "warn",
    message: m[3] ?? "",
  };
}
