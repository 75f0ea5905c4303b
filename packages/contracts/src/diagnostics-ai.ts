import { z } from "zod";
import { ClusterId } from "./clusters";
import { DiagnoseTarget, DiagnosticsRunOutput } from "./diagnostics";

/**
 * diagnostics.ask / diagnostics.answer: an optional explanation by an
 * OpenAI-compatible model of the rule-based findings. `ask` diagnoses as the
 * person and starts the model in the background; `answer` is polled for the
 * text as it streams in. The rule-based findings stay the result: the answer
 * is labelled AI-generated and never replaces them.
 */

export const AI_QUESTION_MAX = 500;

export const DiagnosticsAskInput = z.object({
  clusterId: ClusterId,
  target: DiagnoseTarget,
  question: z
    .string()
    .trim()
    .min(1, "Ask a question (e.g. why does it keep restarting?).")
    .max(AI_QUESTION_MAX, `The question must be at most ${AI_QUESTION_MAX} characters.`),
});
export type DiagnosticsAskInput = z.input<typeof DiagnosticsAskInput>;

/** The rule-based diagnosis (as diagnostics.run answers it) and where to read the model's answer. */
export const DiagnosticsAskOutput = DiagnosticsRunOutput.extend({
  /** Poll diagnostics.answer with it; only the asker may read it. */
  answerId: z.uuid(),
  /** The model asked (operator's setting). */
  model: z.string(),
});
export type DiagnosticsAskOutput = z.infer<typeof DiagnosticsAskOutput>;

export const DiagnosticsAnswerInput = z.object({
  answerId: z.uuid({ error: "answerId must be the id diagnostics.ask returned." }),
  /** Characters of the answer already read: the reply carries only what came after. */
  after: z.number().int().min(0).default(0),
});
export type DiagnosticsAnswerInput = z.input<typeof DiagnosticsAnswerInput>;

export const DiagnosticsAnswerOutput = z.object({
  /** The answer's text after `after` (may be empty while the model thinks). */
  text: z.string(),
  /** Characters of the answer so far: the next `after`. */
  length: z.number().int().min(0),
  done: z.boolean(),
  /** Why the answer stopped early (the model could not be reached, timed out, …); never a credential. */
  error: z.string().nullable(),
  model: z.string(),
  /** Always true: clients label the text as AI-generated. */
  aiGenerated: z.literal(true),
});
export type DiagnosticsAnswerOutput = z.infer<typeof DiagnosticsAnswerOutput>;
