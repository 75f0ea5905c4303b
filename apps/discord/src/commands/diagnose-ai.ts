import type { DiagnoseTarget } from "@clustercord/contracts";
import type {
  ChatInputCommandInteraction,
  InteractionEditReplyOptions,
  SlashCommandStringOption,
} from "discord.js";
import type { ApiClient } from "../api-client";
import { type DiagnosisOutput, type DiagnosisView, renderDiagnosis } from "../render/diagnostics";
import { type AiAnswerState, renderAiAnswer } from "../render/diagnostics-ai";
import { follow } from "./helm/follow";

/** How often the answer is read and the reply edited while the model writes. */
const AI_POLL_MS = 1_500;
/** Stop following after this long (an answer normally takes seconds; the token lasts 15 min). */
const AI_FOLLOW_MAX_MS = 5 * 60_000;
const NO_MENTIONS = { parse: [] } as const;

export const questionOption = (o: SlashCommandStringOption) =>
  o
    .setName("question")
    .setDescription(
      "Also ask the AI about it, e.g. why is it slow to start? (when this ClusterCord has AI on)",
    )
    .setMaxLength(500);

/**
 * `/diagnose … question:`: diagnostics.ask (the rule-based diagnosis, then
 * the AI model in the background). The reply shows the findings at once
 * with an AI embed under them, edited every ~1.5 s with the answer so far
 * until it is done; the final reply is returned for the worker to send.
 */
export async function askAndFollow(
  interaction: ChatInputCommandInteraction<"cached" | "raw">,
  api: ApiClient,
  ask: { clusterId: string; target: DiagnoseTarget; question: string },
  view: DiagnosisView,
  components: (out: DiagnosisOutput) => InteractionEditReplyOptions["components"],
): Promise<InteractionEditReplyOptions> {
  const out = await api.diagnostics.ask.mutate(ask);
  const diagnosis = renderDiagnosis(out, view);
  const rows = components(out);
  const render = (state: AiAnswerState): InteractionEditReplyOptions => ({
    embeds: [diagnosis, renderAiAnswer(state, diagnosis)],
    components: rows,
  });
  let state: AiAnswerState = { model: out.model, text: "", done: false, error: null };
  await interaction.editReply({ ...render(state), allowedMentions: NO_MENTIONS });
  return follow(state, {
    poll: async () => {
      try {
        const next = await api.diagnostics.answer.query({ answerId: out.answerId, after: state.text.length });
        state = { ...state, text: state.text + next.text, done: next.done, error: next.error };
      } catch (error) {
        // The answer is gone (expired, or another API process): stop with what was read.
        state = {
          ...state,
          done: true,
          error: error instanceof Error ? error.message : "The answer could not be read.",
        };
      }
      return state;
    },
    done: (s) => s.done,
    render,
    edit: (reply) => interaction.editReply({ ...reply, allowedMentions: NO_MENTIONS }),
    givenUp: (s) => render({ ...s, givenUp: true }),
    pollMs: AI_POLL_MS,
    editMinMs: AI_POLL_MS,
    maxMs: AI_FOLLOW_MAX_MS,
  });
}
