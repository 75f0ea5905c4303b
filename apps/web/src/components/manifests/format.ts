/**
 * The Apply page's pure rules: which files may go, how steps, findings,
 * objects and outcomes read, the CSP nonce. No React, no I/O, so each is
 * unit-tested as it is (apps/web/test/manifests-web.test.ts).
 */
import {
  MANIFEST_LIMITS,
  type ManifestApplyOutcome,
  type ManifestApplyResult,
  type ManifestChange,
  type ManifestFinding,
  type ManifestLocation,
  type ManifestStep,
  type ManifestStepResult,
  type ManifestStepStatus,
  type ManifestValidation,
} from "@clustercord/contracts";

export type Tone = "neutral" | "good" | "warn" | "bad" | "accent";

/** The name the editor's text goes under: findings naming it can move the cursor there. */
export const PASTED_FILE = "pasted.yaml";

export function applyHref(clusterId: string): string {
  return `/clusters/${encodeURIComponent(clusterId)}/apply`;
}

const stepLabels: Record<ManifestStep, string> = {
  parse: "Parse",
  schema: "Schema",
  dryRun: "Server dry-run",
  lint: "Lint",
  diff: "Diff",
  apply: "Apply",
};

export function stepLabel(step: ManifestStep): string {
  return stepLabels[step];
}

const stepTones: Record<ManifestStepStatus, Tone> = {
  passed: "good",
  warnings: "warn",
  failed: "bad",
  skipped: "neutral",
};

export function stepTone(status: ManifestStepStatus): Tone {
  return stepTones[status];
}

const levelTones: Record<ManifestFinding["level"], Tone> = { error: "bad", warning: "warn", info: "neutral" };

export function levelTone(level: ManifestFinding["level"]): Tone {
  return levelTones[level];
}

const changeTones: Record<ManifestChange, Tone> = {
  created: "good",
  changed: "accent",
  unchanged: "neutral",
};

export function changeTone(change: ManifestChange | null): Tone {
  return change ? changeTones[change] : "neutral";
}

const outcomeTones: Record<ManifestApplyOutcome, Tone> = {
  applied: "good",
  failed: "bad",
  "not-attempted": "neutral",
};

export function outcomeTone(outcome: ManifestApplyOutcome): Tone {
  return outcomeTones[outcome];
}

/** "api.yaml, document 2, line 14:7" (the parts that are known). */
export function locationText(at: ManifestLocation): string {
  const parts = [at.file];
  if (at.document !== null) parts.push(`document ${at.document}`);
  if (at.line !== null) parts.push(at.column !== null ? `line ${at.line}:${at.column}` : `line ${at.line}`);
  return parts.join(", ");
}

/** A finding in the editor's text with a line: clicking it moves the cursor there. */
export function editorLine(at: ManifestLocation): { line: number; column: number } | null {
  if (at.file !== PASTED_FILE || at.line === null) return null;
  return { line: at.line, column: at.column ?? 1 };
}

/** `Deployment shop/api`, or `Namespace shop` for a cluster-scoped object. */
export function objectName(o: { kind: string; namespace: string | null; name: string }): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
}

/** "2 created, 1 changed, 3 unchanged" (zeros left out). */
export function changeCounts(counts: Pick<ManifestValidation["counts"], ManifestChange>): string {
  const parts = (["created", "changed", "unchanged"] as const)
    .filter((k) => counts[k] > 0)
    .map((k) => `${counts[k]} ${k}`);
  return parts.length ? parts.join(", ") : "no changes";
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 objects in 2 files (4 documents) · 1 error, 2 warnings". */
export function batchSummary(counts: ManifestValidation["counts"]): string {
  return `${plural(counts.objects, "object")} in ${plural(counts.files, "file")} (${plural(counts.documents, "document")}) · ${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")}`;
}

/** "expires at 10:42 UTC (in 4 min)", "has expired": the plan's token is good until then. */
export function expiryText(expiresAt: string | null, now: number): string {
  if (!expiresAt) return "";
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return "";
  const left = at - now;
  if (left <= 0) return "has expired: plan again";
  const clock = new Date(at).toISOString().slice(11, 16);
  const minutes = Math.floor(left / 60_000);
  return `expires at ${clock} UTC (in ${minutes < 1 ? "less than a minute" : plural(minutes, "min", "min")})`;
}

/** A fix patch as people read it: indented JSON (RFC 6902 operations). */
export function patchText(fix: readonly unknown[]): string {
  return JSON.stringify(fix, null, 2);
}

/** How a file is sent: text as it is, archives as base64; anything else is refused. */
export function fileEncoding(name: string): "utf8" | "base64" | null {
  const lower = name.toLowerCase();
  if (/\.(ya?ml|json)$/.test(lower)) return "utf8";
  if (/\.(zip|tar|tgz|tar\.gz)$/.test(lower)) return "base64";
  return null;
}

export const ACCEPTED_FILES = ".yaml,.yml,.json,.zip,.tar,.tgz,.gz";

/**
 * Why these files cannot be sent (before any is read), or null: a type
 * other than YAML/JSON/archive, an empty file, too many, or more than 1 MiB
 * together with the editor's text. The API checks everything again.
 */
export function filesProblem(
  files: readonly { name: string; size: number }[],
  pastedBytes = 0,
): string | null {
  for (const f of files) {
    if (!fileEncoding(f.name))
      return `${f.name} is not a YAML, JSON, .zip, .tar or .tgz file: only those can be applied.`;
    if (f.size === 0) return `${f.name} is empty.`;
  }
  if (files.length + (pastedBytes > 0 ? 1 : 0) > MANIFEST_LIMITS.files)
    return `At most ${MANIFEST_LIMITS.files} files at once.`;
  const total = files.reduce((n, f) => n + f.size, pastedBytes);
  if (total > MANIFEST_LIMITS.totalBytes)
    return `The files come to ${Math.ceil(total / 1024)} KiB; a batch must be at most 1 MiB.`;
  return null;
}

/** Bytes as base64, in chunks (a 1 MiB archive would overflow the argument list at once). */
export function base64FromBytes(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** base64 back to bytes (report downloads). */
export function bytesFromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** This response's script nonce, from its Content-Security-Policy (what Next.js puts on its scripts). */
export function cspNonce(csp: string | null | undefined): string | undefined {
  return /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(csp ?? "")?.[1];
}

/** The checklist after an apply: its sixth step shows the apply's outcome instead of "skipped". */
export function withApplyStep<S extends Pick<ManifestStepResult, "step" | "status" | "summary">>(
  steps: readonly S[],
  result: Pick<ManifestApplyResult, "status" | "message"> | null,
): S[] {
  if (!result) return [...steps];
  return steps.map((s) =>
    s.step === "apply"
      ? { ...s, status: result.status === "applied" ? "passed" : "failed", summary: result.message }
      : s,
  );
}
