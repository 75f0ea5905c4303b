import {
  createOutboundGuard,
  type OutboundGuard,
  type OutboundPolicy,
  type Resolver,
} from "@clustercord/outbound";
import { AnswerStore } from "./services/ai-answers";

/** The operator settings that widen where the AI model API may be (parsed in apps/web/src/server/env.ts). */
export const LLM_POLICY_SETTINGS = {
  networks: "CLUSTERCORD_ALLOWED_LLM_NETWORKS",
  plainHttp: "CLUSTERCORD_ALLOW_PLAIN_HTTP_LLM",
} as const;

/** AI explanations (diagnostics.ask): an OpenAI-compatible API; without ApiDeps.ai they are off. */
export interface AiDeps {
  /** e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 (Ollama); no trailing slash. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer …` when set; a secret: never logged, never in an error. */
  apiKey: string | null;
  /** No internal addresses unless an operator allows the network, no redirects. */
  guard: OutboundGuard;
  /** The longest one answer may stream. */
  timeoutMs: number;
  /** This process's answers while they stream and shortly after. */
  answers: AnswerStore;
}

export function createAiDeps(options: {
  baseUrl: string;
  model: string;
  apiKey?: string | null;
  policy: OutboundPolicy;
  timeoutMs?: number;
  /** Tests only: a resolver in place of DNS. */
  resolve?: Resolver;
}): AiDeps {
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    model: options.model,
    apiKey: options.apiKey || null,
    guard: createOutboundGuard(options.policy, {
      settingNames: LLM_POLICY_SETTINGS,
      resolve: options.resolve,
    }),
    timeoutMs: options.timeoutMs ?? 120_000,
    answers: new AnswerStore(),
  };
}
