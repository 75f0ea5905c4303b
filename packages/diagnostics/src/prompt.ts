/**
 * The chat request for an AI explanation of a diagnosis (OpenAI's
 * /chat/completions shape, which OpenAI, Ollama and vLLM all accept): a
 * system prompt that makes the rule-based findings the ground truth, and a
 * user message with the question, the findings and their evidence. All of it
 * is redacted (credentials by shape, env values, known values) and capped:
 * findings are kept before log lines, the most severe first, and the message
 * says what was left out. Pure: the caller sends it.
 */
import type { DiagnoseTarget, Finding } from "@clustercord/contracts";
import { createRedactor } from "./redact";

export const PROMPT_MAX_BYTES = 12 * 1024;

export const AI_SYSTEM_PROMPT = [
  "You are ClusterCord's Kubernetes troubleshooting assistant.",
  "The findings below come from ClusterCord's rule-based analyzers and their evidence was read from the cluster: treat them as the ground truth.",
  "Explain them in plain words and answer the person's question from them; do not contradict a finding, and say so when the evidence does not answer the question.",
  "Values shown as [redacted] were removed on purpose; never guess them.",
  "Be brief (at most a few short paragraphs or a short list) and suggest concrete kubectl or manifest changes only where the findings support them.",
].join(" ");

export interface ChatMessage {
  role: "system" | "user";
  content: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream: true;
  temperature: number;
  max_tokens: number;
}

export interface PromptInput {
  model: string;
  question: string;
  target: DiagnoseTarget;
  /** Most severe first, as diagnose() returns them. */
  findings: readonly Finding[];
  /** Values that must never reach the model (literal env values of the target's containers). */
  sensitiveValues?: readonly string[];
  /** Cap of the user message in bytes (UTF-8); default 12 KiB. */
  maxBytes?: number;
  /** Cap of the answer in tokens; default 800. */
  maxTokens?: number;
}

export interface BuiltPrompt {
  request: ChatRequest;
  /** How many values were replaced by [redacted]. */
  redactions: number;
  /** What the cap left out, or null when everything fit. */
  cut: { findings: number; logLines: number } | null;
}

const bytes = (text: string) => new TextEncoder().encode(text).length;

const targetText = (t: DiagnoseTarget) =>
  t.kind === "Node" || t.kind === "Namespace" ? `${t.kind} ${t.name}` : `${t.kind} ${t.namespace}/${t.name}`;

const refText = (r: { kind: string; namespace: string | null; name: string }) =>
  r.namespace ? `${r.kind} ${r.namespace}/${r.name}` : `${r.kind} ${r.name}`;

/** Cuts text to at most `max` bytes on a character boundary. */
function clip(text: string, max: number): string {
  if (bytes(text) <= max) return text;
  let out = text.slice(0, max);
  while (bytes(out) > max - 1) out = out.slice(0, -1);
  return `${out}…`;
}

export function buildAiPrompt(input: PromptInput): BuiltPrompt {
  const max = input.maxBytes ?? PROMPT_MAX_BYTES;
  const redactor = createRedactor(input.sensitiveValues ?? []);
  const r = (text: string) => redactor.redact(text);

  const head = [
    `Question: ${r(input.question)}`,
    `Diagnosed: ${targetText(input.target)}`,
    input.findings.length
      ? `Rule-based findings (${input.findings.length}, most severe first):`
      : "Rule-based findings: none (the analyzers found nothing wrong in what the person may read).",
  ].join("\n");

  // Each finding without its log lines first; the log lines are added after every finding that fits.
  const blocks = input.findings.map((f, i) => {
    const lines = [
      `\n[${i + 1}] ${f.severity} ${f.id}: ${r(f.title)}`,
      `Object: ${refText(f.target)}`,
      `Cause: ${r(f.cause)}`,
    ];
    for (const e of f.evidence.filter((e) => e.source !== "log"))
      lines.push(
        `Evidence (${e.source}${e.object ? `, ${refText(e.object)}` : ""}): ${r(e.label)}: ${r(clip(e.value, 500))}`,
      );
    if (f.recommendations.length) lines.push(`Recommendations: ${f.recommendations.map(r).join(" | ")}`);
    if (f.fix) lines.push(`Proposed fix: ${r(f.fix.description)} (on ${refText(f.fix.target)})`);
    return lines.join("\n");
  });
  const logLines = input.findings.flatMap((f, i) =>
    f.evidence
      .filter((e) => e.source === "log")
      .map((e) => `[${i + 1}] ${r(e.label)}: ${r(clip(e.value, 400))}`),
  );

  // Room for the note about what was cut, so the note never breaks the cap.
  const budget = max - 200;
  let text = head;
  let keptFindings = 0;
  for (const block of blocks) {
    const room = budget - bytes(text) - 1;
    // The most severe finding is always sent, clipped if it alone is larger than the cap.
    if (bytes(block) > room && keptFindings > 0) break;
    text += `\n${clip(block, room)}`;
    keptFindings++;
  }
  let keptLogs = 0;
  if (logLines.length && keptFindings === blocks.length) {
    const logHead = "\n\nLast log lines of the failing containers (by finding):";
    if (bytes(text) + bytes(logHead) < budget) {
      text += logHead;
      for (const line of logLines) {
        if (bytes(text) + bytes(line) + 1 > budget) break;
        text += `\n${line}`;
        keptLogs++;
      }
    }
  }
  const cutFindings = blocks.length - keptFindings;
  const cutLogs = logLines.length - keptLogs;
  const cut = cutFindings || cutLogs ? { findings: cutFindings, logLines: cutLogs } : null;
  if (cut)
    text += `\n\n(Cut to stay under ${Math.round(max / 1024)} KiB: ${cutFindings} finding(s) and ${cutLogs} log line(s) left out.)`;

  return {
    request: {
      model: input.model,
      messages: [
        { role: "system", content: AI_SYSTEM_PROMPT },
        { role: "user", content: text },
      ],
      stream: true,
      temperature: 0.2,
      max_tokens: input.maxTokens ?? 800,
    },
    redactions: redactor.count,
    cut,
  };
}
