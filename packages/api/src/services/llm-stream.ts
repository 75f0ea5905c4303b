/**
 * One streamed chat completion from an OpenAI-compatible API (OpenAI,
 * Ollama, vLLM): `POST {base}/chat/completions` with `stream: true`, read as
 * server-sent events (`data: {choices:[{delta:{content}}]}` … `data: [DONE]`),
 * through the AI guard (no internal addresses unless allowed, no redirects),
 * with a time limit and a size limit. Errors are AppErrors whose messages
 * name what happened, never the key, a header, or the provider's own error
 * text (which may quote the key).
 */
import { AppError } from "@clustercord/contracts";
import type { ChatRequest } from "@clustercord/diagnostics";
import { findOutboundRefusal } from "@clustercord/outbound";
import { fetch } from "undici";
import type { AiDeps } from "../ai-deps";

const WHAT = "The AI model API";
/** The most bytes one answer's stream may carry (deltas are wrapped in JSON: ~20x the text). */
const MAX_STREAM_BYTES = 4 * 1024 * 1024;

export function refusedAi(userMessage: string): AppError {
  return new AppError("FORBIDDEN", {
    message: `AI model API refused by the outbound guard: ${userMessage}`,
    userMessage: `${WHAT} is refused: ${userMessage}.`,
  });
}

/** Early refusal of what no dial could fix (scheme, an internal IP literal); names are judged when dialled. */
export function checkAiUrl(ai: AiDeps): string {
  const url = `${ai.baseUrl}/chat/completions`;
  try {
    ai.guard.checkUrl(url);
  } catch (error) {
    throw refusedAi(findOutboundRefusal(error)?.userMessage ?? "the address is not allowed");
  }
  return url;
}

function errno(error: unknown): string {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return code;
  }
  return "network error";
}

/** The text of one SSE `data:` payload, "done" for [DONE], or null for a payload without text. */
export function parseChunk(payload: string): string | "done" | null {
  if (payload === "[DONE]") return "done";
  let chunk: unknown;
  try {
    chunk = JSON.parse(payload);
  } catch {
    throw new AppError("UPSTREAM", { userMessage: `${WHAT} sent a chunk that is not JSON.` });
  }
  if (chunk && typeof chunk === "object" && "error" in chunk)
    throw new AppError("UPSTREAM", { userMessage: `${WHAT} reported an error while answering.` });
  const choice = (chunk as { choices?: { delta?: { content?: unknown }; finish_reason?: unknown }[] })
    .choices?.[0];
  return typeof choice?.delta?.content === "string" ? choice.delta.content : null;
}

/**
 * Streams the completion, calling `onText` with each piece as it arrives.
 * Resolves when the model says [DONE] (or the stream ends, or `stop()` says
 * enough); rejects with an AppError.
 */
export async function streamChat(
  ai: AiDeps,
  request: ChatRequest,
  onText: (text: string) => void,
  stop: () => boolean = () => false,
): Promise<void> {
  const url = checkAiUrl(ai);
  const signal = AbortSignal.timeout(ai.timeoutMs);
  const timedOut = () =>
    new AppError("UPSTREAM", {
      userMessage: `${WHAT} did not finish within ${Math.round(ai.timeoutMs / 1000)} s.`,
    });
  let res: Awaited<ReturnType<typeof fetch>>;
  try {
    res = await fetch(url, {
      method: "POST",
      dispatcher: ai.guard.dispatcher(),
      redirect: "manual",
      headers: {
        "content-type": "application/json",
        accept: "text/event-stream",
        "user-agent": "ClusterCord",
        ...(ai.apiKey ? { authorization: `Bearer ${ai.apiKey}` } : {}),
      },
      body: JSON.stringify(request),
      signal,
    });
  } catch (error) {
    const refusal = findOutboundRefusal(error);
    if (refusal) throw refusedAi(refusal.userMessage);
    if (signal.aborted) throw timedOut();
    throw new AppError("UPSTREAM", { userMessage: `${WHAT} could not be reached (${errno(error)}).` });
  }
  if (res.status < 200 || res.status >= 300) {
    await res.body?.cancel().catch(() => {});
    if (res.status >= 300 && res.status < 400)
      throw refusedAi(
        `it answered with a redirect (HTTP ${res.status}); ClusterCord does not follow redirects`,
      );
    const hint =
      res.status === 401 || res.status === 403
        ? " (check LLM_API_KEY)"
        : res.status === 404
          ? " (check LLM_BASE_URL and LLM_MODEL)"
          : "";
    throw new AppError("UPSTREAM", { userMessage: `${WHAT} answered HTTP ${res.status}${hint}.` });
  }
  if (!res.body) return;
  const decoder = new TextDecoder();
  let buffered = "";
  let size = 0;
  try {
    for await (const bytes of res.body) {
      size += bytes.byteLength;
      if (size > MAX_STREAM_BYTES)
        throw new AppError("UPSTREAM", {
          userMessage: `${WHAT} sent more than ClusterCord reads for one answer.`,
        });
      buffered += decoder.decode(bytes, { stream: true });
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = buffered.slice(0, newline).replace(/\r$/, "");
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
        if (!line.startsWith("data:")) continue; // comments, event names, blank separators
        const text = parseChunk(line.slice(5).trim());
        if (text === "done") return;
        if (text) onText(text);
        if (stop()) return;
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (signal.aborted) throw timedOut();
    throw new AppError("UPSTREAM", { userMessage: `${WHAT} broke off (${errno(error)}).` });
  } finally {
    await res.body.cancel().catch(() => {});
  }
}
