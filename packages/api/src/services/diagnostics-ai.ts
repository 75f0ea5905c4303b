/**
 * diagnostics.ask and diagnostics.answer: the rule-based diagnosis as the
 * person (runDiagnostics), then an OpenAI-compatible model asked in the
 * background to explain it; the answer grows in this process's AnswerStore
 * and is polled. The prompt is built by the pure buildAiPrompt (redacted,
 * capped); the literal env values of the target's pods are redacted too.
 * With ApiDeps.ai unset nothing is ever sent anywhere.
 */
import {
  AppError,
  type DiagnoseTarget,
  type DiagnosticsAnswerInput,
  type DiagnosticsAnswerOutput,
  type DiagnosticsAskInput,
  type DiagnosticsAskOutput,
} from "@clustercord/contracts";
import { buildAiPrompt, literalEnvValues, type Pod } from "@clustercord/diagnostics";
import { RESOURCE_TYPES } from "@clustercord/kube";
import type { Logger } from "@clustercord/telemetry";
import type { z } from "zod";
import type { AiDeps } from "../ai-deps";
import type { ApiDeps } from "../context";
import type { StoredAnswer } from "./ai-answers";
import { openClusterFor } from "./cluster-access";
import { runDiagnostics } from "./diagnostics";
import { checkAiUrl, streamChat } from "./llm-stream";
import { type Actor, settled, sharedCache } from "./read-access";

/** The longest answer kept (the model is also asked for at most 800 tokens). */
export const MAX_ANSWER_CHARS = 8_000;

const aiOff = () =>
  new AppError("BAD_REQUEST", {
    message: "diagnostics.ask with AI explanations off (LLM_BASE_URL unset)",
    userMessage: "AI explanations are off on this ClusterCord.",
  });

/** The literal env values of the pods the diagnosis is about: redacted wherever they appear. */
async function targetEnvValues(
  deps: ApiDeps,
  actor: Actor,
  clusterId: string,
  target: DiagnoseTarget,
): Promise<string[]> {
  const cluster = await openClusterFor(deps, actor.guildId, clusterId);
  const cache = await settled(sharedCache<Pod>(deps, cluster, RESOURCE_TYPES.pods));
  const pods = cache
    .list()
    .filter((p) =>
      target.kind === "Node"
        ? p.spec?.nodeName === target.name
        : p.metadata?.namespace === (target.kind === "Namespace" ? target.name : target.namespace),
    );
  return literalEnvValues(pods);
}

/** Streams the model's answer into `answer`; never throws (the error is the answer's). */
async function streamInto(
  ai: AiDeps,
  request: Parameters<typeof streamChat>[1],
  answer: StoredAnswer,
  log: Logger,
) {
  try {
    await streamChat(
      ai,
      request,
      (text) => {
        answer.text = (answer.text + text).slice(0, MAX_ANSWER_CHARS);
      },
      () => answer.text.length >= MAX_ANSWER_CHARS,
    );
  } catch (error) {
    answer.error = error instanceof AppError ? error.userMessage : "The AI model API failed while answering.";
    if (!(error instanceof AppError)) log.error({ err: error }, "AI answer failed");
  } finally {
    answer.done = true;
  }
}

export async function askDiagnostics(
  deps: ApiDeps & { log: Logger },
  actor: Actor,
  input: z.output<typeof DiagnosticsAskInput>,
): Promise<DiagnosticsAskOutput> {
  const ai = deps.ai;
  if (!ai) throw aiOff();
  // A refused address (an internal IP, plain http) is refused before anything is diagnosed or sent.
  checkAiUrl(ai);
  const diagnosis = await runDiagnostics(deps, actor, { clusterId: input.clusterId, target: input.target });
  const built = buildAiPrompt({
    model: ai.model,
    question: input.question,
    target: input.target,
    findings: diagnosis.findings,
    sensitiveValues: await targetEnvValues(deps, actor, input.clusterId, input.target).catch(() => []),
  });
  const answer = ai.answers.create({ userId: actor.userId, guildId: actor.guildId }, ai.model);
  void streamInto(ai, built.request, answer, deps.log);
  return { ...diagnosis, answerId: answer.id, model: ai.model };
}

export function readAnswer(
  deps: ApiDeps,
  actor: Actor,
  input: z.output<typeof DiagnosticsAnswerInput>,
): DiagnosticsAnswerOutput {
  if (!deps.ai) throw aiOff();
  const answer = deps.ai.answers.get(input.answerId, actor);
  if (!answer)
    throw new AppError("NOT_FOUND", {
      userMessage: "No such answer: it expired, or it was asked by someone else or on another server.",
    });
  // `done` first: when it is true, the text read after it is the whole answer.
  const done = answer.done;
  const text = answer.text;
  return {
    text: text.slice(Math.min(input.after, text.length)),
    length: text.length,
    done,
    error: answer.error,
    model: answer.model,
    aiGenerated: true,
  };
}
