import type { APIEmbed } from "discord.js";
import { colors, embedLimits, plain } from "./style";

/** The AI answer so far, as diagnostics.answer's pieces add up. */
export interface AiAnswerState {
  model: string;
  text: string;
  done: boolean;
  error: string | null;
  /** Following stopped before the model finished (the interaction's token would expire). */
  givenUp?: boolean;
}

export const AI_LABEL = "AI-generated; the findings above are the rule-based result.";
/** The least room the answer gets, even beside a long diagnosis (the diagnosis embed is fitted first). */
const MIN_ROOM = 300;

/** The characters an embed counts against Discord's 6,000 per message. */
export function embedSize(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/**
 * The AI answer as a second embed under the diagnosis: the text so far
 * (markdown escaped, cut to what is left of the message's 6,000 characters
 * after `beside`), "writing…" while it grows, the error if it stopped, and
 * the AI-generated label in the footer.
 */
export function renderAiAnswer(state: AiAnswerState, beside: APIEmbed): APIEmbed {
  const title = "🤖 AI explanation";
  const footer = { text: `${AI_LABEL} Model: ${plain(state.model, 80)}` };
  const status = state.error
    ? `\n\n⚠️ ${plain(state.error, 300)}`
    : state.givenUp
      ? "\n\n(Stopped following: ask again for the rest.)"
      : state.done
        ? ""
        : "\n\n✍️ writing…";
  const room = Math.max(
    MIN_ROOM,
    Math.min(
      embedLimits.description,
      embedLimits.total - embedSize(beside) - title.length - footer.text.length - 50,
    ),
  );
  const text = plain(state.text.trim(), Math.max(1, room - status.length));
  const description = (state.text.trim() ? text : state.done ? "(no answer)" : "") + status;
  return {
    title,
    description: description.trim() || "✍️ writing…",
    color: state.error ? colors.warn : colors.brand,
    footer,
  };
}
