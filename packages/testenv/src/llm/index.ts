/**
 * A local stand-in for an OpenAI-compatible chat API (OpenAI, Ollama, vLLM):
 * `POST /v1/chat/completions` with `stream: true` answers server-sent events
 * in OpenAI's shape (`data: {"id":…,"object":"chat.completion.chunk",
 * "choices":[{"index":0,"delta":{"content":"…"},"finish_reason":null}]}`, a
 * last chunk with `finish_reason: "stop"`, then `data: [DONE]`), a few words
 * per chunk with a pause between them, so clients see the answer grow.
 * Every request is recorded (headers and parsed body) so tests can assert
 * on the prompt; `stream: false` gets one chat.completion JSON.
 *
 *   const llm = await startLlmStandIn();
 *   // LLM_BASE_URL=${llm.baseUrl} (…/v1)  LLM_MODEL=stand-in
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedChatRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: {
    model?: string;
    stream?: boolean;
    messages?: { role: string; content: string }[];
    [key: string]: unknown;
  };
  /** The raw body as received (for "this value never reached the model" checks). */
  raw: string;
}

export interface LlmStandInOptions {
  /** The answer for a request (default: a fixed explanation naming the first finding id it sees). */
  answer?: (request: RecordedChatRequest) => string;
  /** Pause between chunks (default 120 ms). */
  chunkDelayMs?: number;
  /** Words per chunk (default 3). */
  wordsPerChunk?: number;
  /** When set, `Authorization: Bearer <apiKey>` is required (401 otherwise). */
  apiKey?: string;
}

export interface LlmStandIn {
  /** http://127.0.0.1:<port>/v1: what LLM_BASE_URL is set to. */
  baseUrl: string;
  requests: RecordedChatRequest[];
  /** While set, every answer is this HTTP status. */
  failWith: number | null;
  close(): Promise<void>;
}

/** The default answer: plain words about what the prompt holds, so a test can see it was read. */
export function defaultAnswer(request: RecordedChatRequest): string {
  const user = request.body.messages?.find((m) => m.role === "user")?.content ?? "";
  const id = /\b(?:pod|deployment|node|service|pvc|namespace)\.[a-z0-9.-]+/.exec(user)?.[0];
  return id
    ? `The rule-based finding ${id} is the cause. The container was stopped; raise the limit or fix what the evidence shows, then watch the restarts settle.`
    : "The rule-based analyzers found nothing wrong; the evidence does not answer the question.";
}

export async function startLlmStandIn(options: LlmStandInOptions = {}): Promise<LlmStandIn> {
  const delay = options.chunkDelayMs ?? 120;
  const perChunk = options.wordsPerChunk ?? 3;
  const answerFor = options.answer ?? defaultAnswer;
  const sockets = new Set<import("node:net").Socket>();
  const standIn: LlmStandIn = {
    baseUrl: "",
    requests: [],
    failWith: null,
    close: async () => {},
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method !== "POST" || path !== "/v1/chat/completions") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error" } }));
      return;
    }
    let body: RecordedChatRequest["body"];
    try {
      body = JSON.parse(raw);
    } catch {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "body is not JSON", type: "invalid_request_error" } }));
      return;
    }
    const recorded: RecordedChatRequest = { path, headers: req.headers, body, raw };
    standIn.requests.push(recorded);
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ error: { message: "Incorrect API key provided", type: "invalid_request_error" } }),
      );
      return;
    }
    if (standIn.failWith !== null) {
      res.writeHead(standIn.failWith, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "failing on purpose", type: "server_error" } }));
      return;
    }
    const id = `chatcmpl-standin${standIn.requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? "stand-in";
    const text = answerFor(recorded);
    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id,
          object: "chat.completion",
          created,
          model,
          choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
        }),
      );
      return;
    }
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    const send = (delta: Record<string, unknown>, finish: string | null) =>
      res.write(
        `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
      );
    send({ role: "assistant", content: "" }, null);
    const words = text.split(/(?<= )/);
    for (let i = 0; i < words.length; i += perChunk) {
      if (res.destroyed) return;
      send({ content: words.slice(i, i + perChunk).join("") }, null);
      await new Promise((r) => setTimeout(r, delay));
    }
    send({}, "stop");
    res.end("data: [DONE]\n\n");
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  standIn.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  standIn.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return standIn;
}
