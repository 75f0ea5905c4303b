import type { HelmOperationKind, HelmOperationStatus } from "@clustercord/contracts";
import { parsePolicyAnswer } from "@clustercord/policy";
import { MASK } from "./secret-keys";

export interface OperationOutcome {
  status: HelmOperationStatus;
  release: string;
  /** `name-version` the operation goes to (install, upgrade), or came from (uninstall). */
  chart?: string | null;
  /** The release's revision after the operation (a rollback makes a new one). */
  revision?: number | null;
  /** Rollback: the revision asked for; a rolled-back upgrade: the revision it went back to. */
  targetRevision?: number | null;
  /** Why it failed: one line of Helm's error, already masked with maskOutput. */
  reason?: string | null;
}

/** Helm's errors can run for pages; the sentence keeps the first line. */
const MAX_REASON = 300;

/**
 * A ClusterCord policy's Deny anywhere in Helm's error: named with its
 * message and where the fix is, as a YAML apply names it.
 */
function policyRefusal(reason: string): string | null {
  for (const line of reason.split("\n")) {
    const at = line.indexOf("ValidatingAdmissionPolicy 'clustercord-");
    const answer = at >= 0 ? parsePolicyAnswer(line.slice(at)) : null;
    if (answer?.action === "deny") {
      return `: refused by policy ${answer.title} (${answer.policy}): ${answer.message}. Fix the values, or see /policy fix violation:${answer.policy}`;
    }
  }
  return null;
}

function shortReason(reason: string | null | undefined): string {
  const refusal = reason ? policyRefusal(reason) : null;
  if (refusal) return refusal;
  const line = (reason ?? "").trim().split("\n")[0]?.trim() ?? "";
  const bare = line.replace(/^Error:\s*/i, "");
  if (!bare) return "";
  return `: ${bare.length > MAX_REASON ? `${bare.slice(0, MAX_REASON - 1)}…` : bare}`;
}

const revisionText = (revision: number | null | undefined) => (revision ? ` (revision ${revision})` : "");

/** What the operation is, as the middle of a sentence: "install of nginx-1.2.0", "upgrade to nginx-2.0.0". */
function what(kind: HelmOperationKind, o: OperationOutcome): string {
  switch (kind) {
    case "install":
      return o.chart ? `install of ${o.chart}` : "install";
    case "upgrade":
      return o.chart ? `upgrade to ${o.chart}` : "upgrade";
    case "rollback":
      return o.targetRevision ? `rollback to revision ${o.targetRevision}` : "rollback";
    case "uninstall":
      return "uninstall";
  }
}

function succeeded(kind: HelmOperationKind, o: OperationOutcome): string {
  switch (kind) {
    case "install":
      return `${o.release} installed${o.chart ? `: ${o.chart}` : ""}${revisionText(o.revision)}`;
    case "upgrade":
      return `${o.release} upgraded${o.chart ? ` to ${o.chart}` : ""}${revisionText(o.revision)}`;
    case "rollback":
      return `${o.release} rolled back${o.targetRevision ? ` to revision ${o.targetRevision}` : ""}${o.revision ? ` (now revision ${o.revision})` : ""}`;
    case "uninstall":
      return `${o.release} uninstalled${o.chart ? ` (${o.chart})` : ""}`;
  }
}

const runningVerb: Record<HelmOperationKind, string> = {
  install: "installing",
  upgrade: "upgrading",
  rollback: "rolling back",
  uninstall: "uninstalling",
};

function runningDetail(kind: HelmOperationKind, o: OperationOutcome): string {
  if (kind === "rollback") return o.targetRevision ? ` to revision ${o.targetRevision}` : "";
  if (kind === "uninstall" || !o.chart) return "";
  return ` ${o.chart}`;
}

/** One sentence for the person, the same in the browser and in Discord. */
export function operationMessage(kind: HelmOperationKind, outcome: OperationOutcome): string {
  const o = outcome;
  switch (o.status) {
    case "running":
      return `${o.release}: ${runningVerb[kind]}${runningDetail(kind, o)}…`;
    case "succeeded":
      return succeeded(kind, o);
    case "failed":
      return `${o.release} ${what(kind, o)} failed${shortReason(o.reason)}`;
    case "rolled-back":
      // --atomic: a failed install is removed again, a failed upgrade goes back to the revision before.
      return kind === "install"
        ? `${o.release} ${what(kind, o)} failed and was removed again${shortReason(o.reason)}`
        : `${o.release} ${what(kind, o)} failed and was rolled back${o.targetRevision ? ` to revision ${o.targetRevision}` : ""}${shortReason(o.reason)}`;
    case "cancelled":
      return `${o.release} ${what(kind, o)} was cancelled`;
  }
}

/** Strings shorter than this are not masked: "true" or "8080" would blank half the output and hide nothing. */
const MIN_SECRET_LENGTH = 4;

/**
 * Helm's output with every secret (and its base64 form, as it appears in
 * rendered Secrets under --debug) replaced by MASK. Longest first, so a
 * secret that contains another is masked whole.
 */
export function maskOutput(text: string, secrets: readonly string[]): string {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    needles.add(secret);
    needles.add(Buffer.from(secret, "utf8").toString("base64"));
  }
  let out = text;
  for (const needle of [...needles].sort((a, b) => b.length - a.length)) out = out.split(needle).join(MASK);
  return out;
}
