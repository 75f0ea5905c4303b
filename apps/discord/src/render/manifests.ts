import type {
  JsonPatchOp,
  ManifestApplyResult,
  ManifestFinding,
  ManifestObject,
  ManifestPlan,
  ManifestStep,
  ManifestStepResult,
  ManifestStepStatus,
  ManifestValidation,
} from "@clustercord/contracts";
import type { APIEmbed, AttachmentPayload } from "discord.js";
import { code, colors, embedLimits, plain } from "./style";

/** Findings listed in the reply; the rest are counted ("…and 12 more"). */
export const FINDING_ROWS = 8;
/** Objects listed under a plan or a result. */
export const OBJECT_ROWS = 15;
/** Characters of diff shown in the reply's code block; the whole diff is attached. */
export const DIFF_EXCERPT_CHARS = 900;
export const MANIFEST_DIFF_FILE = "manifests.diff";

// Budgets per section keep one embed under Discord's 4096-character description.
const BUDGET = { checklist: 1100, findings: 1500, objects: 900, warnings: 700 } as const;

export const stepIcons: Record<ManifestStepStatus, string> = {
  passed: "✅",
  warnings: "⚠️",
  failed: "❌",
  skipped: "⏭️",
};

export const stepLabels: Record<ManifestStep, string> = {
  parse: "Parse",
  schema: "Schema",
  dryRun: "Server dry-run",
  lint: "Lint",
  diff: "Diff",
  apply: "Apply",
};

/** A JSON patch as the API client receives it (tRPC's JSON typing makes an `unknown` value optional). */
export type WirePatchOp = { op: JsonPatchOp["op"]; path: string; value?: unknown };
type WireFinding = Omit<ManifestFinding, "fix"> & { fix?: WirePatchOp[] };
type WireStep = Omit<ManifestStepResult, "findings"> & { findings: WireFinding[] };
/** manifests.validate's answer, as the worker gets it. */
export type ValidationView = Omit<ManifestValidation, "steps"> & { steps: WireStep[] };
/** manifests.planApply's answer, as the worker gets it. */
export type PlanView = Omit<ManifestPlan, "steps"> & { steps: WireStep[] };
type Denial = NonNullable<ManifestApplyResult["deniedBy"]>;
/** manifests.apply's (and policies.fix's) answer, as the worker gets it. */
export type ApplyResultView = Omit<ManifestApplyResult, "deniedBy"> & {
  deniedBy: (Omit<Denial, "fix"> & { fix?: WirePatchOp[] }) | null;
};

const levelIcons: Record<ManifestFinding["level"], string> = { error: "❌", warning: "⚠️", info: "ℹ️" };
const levelOrder: Record<ManifestFinding["level"], number> = { error: 0, warning: 1, info: 2 };

/** Text inside a code block: a backtick fence in it cannot close the block. */
export const fenced = (text: string) => text.replaceAll("```", "`\u200b``");

/**
 * Lines that fit in `budget` characters (each joined by a newline), and a
 * last line saying how many did not: "…and 12 more".
 */
export function fitLines(lines: readonly string[], budget: number, max = lines.length): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (kept.length === max || used + line.length + 1 > budget - 30) break;
    kept.push(line);
    used += line.length + 1;
  }
  const omitted = lines.length - kept.length;
  return omitted ? [...kept, `…and ${omitted} more.`] : kept;
}

/** `api.yaml:2:14` (file:document:line), as far as it is known. */
export function locationOf(l: Pick<ManifestFinding, "file" | "document" | "line">): string {
  if (l.document === null) return l.file;
  return l.line === null ? `${l.file}:${l.document}` : `${l.file}:${l.document}:${l.line}`;
}

/** The six steps as a checklist: ✅ ⚠️ ❌ ⏭️ and each step's one-line summary. */
export function renderChecklist(
  steps: readonly Pick<ManifestStepResult, "step" | "status" | "summary">[],
): string {
  const lines = steps.map(
    (s) => `${stepIcons[s.status]} **${stepLabels[s.step]}**: ${plain(s.summary || s.status, 160)}`,
  );
  return fitLines(lines, BUDGET.checklist).join("\n");
}

/** One finding: level, where (file:document:line), the object and field, what is wrong and who says so. */
export function findingLine(f: WireFinding): string {
  const where = code(locationOf(f), 120);
  // The API's messages usually start with the object already ("Deployment shop/api: …").
  const object = f.object && !f.message.startsWith(f.object) ? plain(f.object, 120) : "";
  const what = [object, f.field ? code(f.field, 160) : ""].filter(Boolean).join(" ");
  // A policy's message ends with "[policy <key>]": moved out of the text, which may be cut, so it always shows.
  const message = f.policy ? f.message.replace(` [policy ${f.policy}]`, "") : f.message;
  const by = f.policy ? ` (policy ${f.policy})` : f.ruleId ? ` (${plain(f.ruleId, 60)})` : "";
  return `${levelIcons[f.level]} ${where}${what ? ` ${what}` : ""}: ${plain(message, 300)}${by}`;
}

/** Every step's findings, errors first, then warnings, then hints (in step order within each). */
export function sortedFindings(steps: readonly WireStep[]): WireFinding[] {
  return steps
    .flatMap((s) => s.findings)
    .map((f, i) => ({ f, i }))
    .sort((a, b) => levelOrder[a.f.level] - levelOrder[b.f.level] || a.i - b.i)
    .map(({ f }) => f);
}

/** The first findings that fit, then "…and N more". */
export function renderFindings(steps: readonly WireStep[], rows = FINDING_ROWS): string {
  const findings = sortedFindings(steps);
  return fitLines(findings.map(findingLine), BUDGET.findings, rows).join("\n");
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 files · 5 documents · 4 objects · 1 error · 2 warnings · 1 to create · 2 to change · 1 unchanged". */
export function renderCounts(c: ManifestValidation["counts"]): string {
  const parts = [
    plural(c.files, "file"),
    plural(c.documents, "document"),
    plural(c.objects, "object"),
    plural(c.errors, "error"),
    plural(c.warnings, "warning"),
  ];
  if (c.created + c.changed + c.unchanged > 0) {
    parts.push(`${c.created} to create`, `${c.changed} to change`, `${c.unchanged} unchanged`);
  }
  return parts.join(" · ");
}

const validationColor = (v: ValidationView) =>
  !v.ok ? colors.error : v.counts.warnings > 0 ? colors.warn : colors.ok;

const objectName = (o: { namespace: string | null; name: string }) =>
  o.namespace ? `${o.namespace}/${o.name}` : o.name;

/** The steps, findings and counts of a batch: /validate's reply, and the top of /apply's plan. */
function validationSections(v: ValidationView): string[] {
  const sections = [renderChecklist(v.steps)];
  const findings = renderFindings(v.steps);
  if (findings) sections.push(`**Findings** (file:document:line)\n${findings}`);
  sections.push(renderCounts(v.counts));
  return sections;
}

/** `/validate` (and `/apply dry_run:true`): the checklist, the first findings and the counts. */
export function renderValidation(v: ValidationView, options: { dryRun?: boolean } = {}): APIEmbed {
  const verdict = v.ok
    ? v.counts.warnings > 0
      ? "Valid, with warnings"
      : "Valid"
    : "Not valid: nothing can be applied";
  const sections = validationSections(v);
  if (options.dryRun) sections.push("Dry run: nothing was changed.");
  return {
    title: `${verdict} (default namespace ${v.namespace})`.slice(0, 256),
    color: validationColor(v),
    description: sections.join("\n\n").slice(0, embedLimits.description),
  };
}

const changeMarks: Record<NonNullable<ManifestObject["change"]>, string> = {
  created: "+ created",
  changed: "~ changed",
  unchanged: "= unchanged",
};

/** The objects in apply order with what happens to each: `+ created  Deployment shop/api`. */
export function renderObjectList(objects: readonly ManifestObject[]): string {
  const lines = [...objects]
    .sort((a, b) => a.order - b.order)
    // change is null when the flow stopped before the diff: the object is only named.
    .map((o) => `${o.change ? changeMarks[o.change] : "•"} ${plain(o.kind, 60)} ${code(objectName(o), 150)}`);
  return fitLines(lines, BUDGET.objects, OBJECT_ROWS).join("\n");
}

/** Every changed object's diff, one after the other, with a header naming it. */
export function manifestDiffText(objects: readonly ManifestObject[]): string {
  return objects
    .filter((o) => o.change !== "unchanged" && o.diff.trim())
    .sort((a, b) => a.order - b.order)
    .map((o) => `# ${o.change}: ${o.kind} ${objectName(o)}\n${o.diff.trimEnd()}`)
    .join("\n\n");
}

/** A diff cut to `max` characters at a line end, in a diff code block; "" when there is none. */
export function diffExcerpt(diff: string, max = DIFF_EXCERPT_CHARS): string {
  if (!diff.trim()) return "";
  let cut = diff;
  let note = "";
  if (diff.length > max) {
    const end = diff.lastIndexOf("\n", max);
    cut = diff.slice(0, end > 0 ? end : max);
    note = `\n… (${diff.length - cut.length} more characters)`;
  }
  return `\`\`\`diff\n${fenced(cut.trimEnd())}${note}\n\`\`\``;
}

const expiryOf = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

/** `/apply`'s plan: the checklist, what happens to each object, a diff excerpt, and until when Confirm works. */
export function renderApplyPlan(plan: PlanView): APIEmbed {
  const sections = validationSections(plan);
  const objects = renderObjectList(plan.objects);
  if (objects) sections.push(`**Objects** (in apply order)\n${objects}`);
  const diff = manifestDiffText(plan.objects);
  const excerpt = diffExcerpt(diff);
  if (excerpt) sections.push(excerpt);
  if (plan.ok && plan.expiresAt) {
    const attached =
      diff.length > DIFF_EXCERPT_CHARS ? ` The whole diff is attached as ${MANIFEST_DIFF_FILE}.` : "";
    sections.push(`Confirm <t:${expiryOf(plan.expiresAt)}:R>.${attached}`);
  } else if (!plan.ok) {
    sections.push("Nothing can be applied until the errors are fixed.");
  }
  const c = plan.counts;
  return {
    title: plan.ok
      ? `Apply ${plural(c.objects, "object")}: ${c.created} to create, ${c.changed} to change, ${c.unchanged} unchanged`
      : "Not valid: nothing can be applied",
    color: plan.ok ? colors.warn : colors.error,
    description: sections.join("\n\n").slice(0, embedLimits.description),
    footer: { text: `default namespace ${plan.namespace}`.slice(0, 2048) },
  };
}

/** The whole diff as a file, when the excerpt could not show all of it. */
export function manifestDiffFile(objects: readonly ManifestObject[]): AttachmentPayload | null {
  const diff = manifestDiffText(objects);
  if (diff.length <= DIFF_EXCERPT_CHARS) return null;
  return { attachment: Buffer.from(`${diff}\n`, "utf8"), name: MANIFEST_DIFF_FILE };
}

/** A patch as short lines: `add /spec/…/resources = {"limits":…}`. */
export function patchLines(patch: readonly WirePatchOp[], max = 6): string[] {
  const lines = patch.map((op) => {
    const value = "value" in op ? ` = ${JSON.stringify(op.value) ?? "null"}` : "";
    const line = `${op.op} ${op.path}${value}`;
    return line.length > 160 ? `${line.slice(0, 159)}…` : line;
  });
  return lines.length > max ? [...lines.slice(0, max), `… ${lines.length - max} more`] : lines;
}

const outcomeIcons: Record<ManifestApplyResult["objects"][number]["result"], string> = {
  applied: "✅",
  failed: "❌",
  "not-attempted": "⏭️",
};

/**
 * The result of /apply's Confirm (and /policy fix's): each object applied,
 * failed (with the cluster's message) or not attempted, the admission
 * warnings, and a ClusterCord policy's refusal with its fix.
 */
export function renderApplyResult(result: ApplyResultView): APIEmbed {
  const objects = result.objects.map((o) => {
    const why = o.result === "failed" && o.message ? `: ${plain(o.message, 300)}` : "";
    return `${outcomeIcons[o.result]} ${o.result} ${plain(o.kind, 60)} ${code(objectName(o), 150)}${why}`;
  });
  const sections = [fitLines(objects, BUDGET.objects + 600, OBJECT_ROWS).join("\n")];
  const warnings = result.warnings.map((w) => `⚠️ ${plain(w, 300)}`);
  if (warnings.length) sections.push(fitLines(warnings, BUDGET.warnings, 5).join("\n"));
  if (result.deniedBy) {
    const d = result.deniedBy;
    const fix = d.fix?.length
      ? `\nFix (a JSON patch on the object; \`/policy fix\` applies it to a running workload):\n\`\`\`\n${fenced(patchLines(d.fix).join("\n"))}\n\`\`\``
      : "";
    sections.push(`⛔ Denied by policy ${d.policy}: ${plain(d.message, 400)}${fix}`);
  }
  return {
    title: plain(result.message, 256),
    color: result.status === "applied" ? (result.warnings.length ? colors.warn : colors.ok) : colors.error,
    description: sections.filter(Boolean).join("\n\n").slice(0, embedLimits.description),
  };
}
