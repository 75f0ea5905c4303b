import { type RunningPod, simulateCrashLoop, waitForRunningPod } from "@clustercord/testenv/cluster";
import type { ReplyPayload } from "@clustercord/testenv/discord";
import { defaultAnswer, type LlmStandIn, startLlmStandIn } from "@clustercord/testenv/llm";
import { escapeMarkdown } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AI_LABEL } from "../src/render/diagnostics-ai";
import { ACME, ALICE, opt, startWorkerWithSharedCluster } from "./harness";

// `/diagnose deployment: namespace: question:` through the real worker and the Discord stand-in, against the
// real API (diagnostics.ask) and the OpenAI-compatible stand-in: the findings first, then the reply edited
// with the AI answer as it streams, labelled, until done.

const nsAcme = `clustercord-guild-${ACME}`;
let stack: Awaited<ReturnType<typeof startWorkerWithSharedCluster>>;
let llm: LlmStandIn;

const payments = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: payments, namespace: ${nsAcme} }
spec:
  replicas: 1
  selector: { matchLabels: { app: payments } }
  template:
    metadata: { labels: { app: payments } }
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/payments:2.1.0
          resources: { requests: { memory: 64Mi }, limits: { memory: 128Mi } }
`;

const diagnose = (options: ReturnType<typeof opt>[]) =>
  stack.h.standIn.sendCommand({ userId: ALICE, guildId: ACME, name: "diagnose", options });
const target = [opt("deployment", "payments"), opt("namespace", nsAcme)];
const oomShown = (reply: ReplyPayload) =>
  (reply.embeds?.[0]?.fields ?? []).some((f) => f.name.includes("OOMKilled"));

beforeAll(async () => {
  // Slow enough that the answer takes several of the worker's 1.5 s edits.
  llm = await startLlmStandIn({ chunkDelayMs: 400, wordsPerChunk: 2 });
  stack = await startWorkerWithSharedCluster("diagnose-ai", { llmBaseUrl: llm.baseUrl });
  const { kube } = stack;
  await kube.kubectl(["apply", "-f", "-"], payments);
  const pod: RunningPod = await waitForRunningPod((args) => kube.kubectl(args), nsAcme, "app=payments");
  await simulateCrashLoop((args, input) => kube.kubectl(args, input), nsAcme, pod, {
    container: "app",
    image: "ghcr.io/acme/payments:2.1.0",
    exitCode: 137,
    reason: "OOMKilled",
    restarts: 3,
  });
  // Until the watch caches show the crash loop (a plain /diagnose, no model asked).
  const deadline = Date.now() + 30_000;
  while (!oomShown(await (await diagnose(target)).reply(30_000))) {
    if (Date.now() > deadline) throw new Error("no OOMKilled finding after 30 s");
    await new Promise((r) => setTimeout(r, 300));
  }
}, 600_000);

afterAll(async () => {
  await stack?.close();
  await llm?.close();
});

describe("/diagnose … question:", () => {
  it("replies with the findings first, then edits in the AI answer as it streams, labelled, until done", async () => {
    expect(llm.requests.length).toBe(0);
    const handle = await diagnose([...target, opt("question", "why does payments keep restarting?")]);
    const first = await handle.reply(30_000);
    // The rule-based diagnosis as /diagnose shows it, with the AI embed under it.
    expect(oomShown(first)).toBe(true);
    expect(first.embeds?.[1]?.title).toBe("🤖 AI explanation");
    expect(first.embeds?.[1]?.footer?.text).toBe(`${AI_LABEL} Model: stand-in`);

    // Each edit shows more of the answer; the last one is the whole answer, without "writing…".
    const seen = new Set<string>();
    let last = first;
    const deadline = Date.now() + 60_000;
    for (;;) {
      last = await handle.reply();
      const text = last.embeds?.[1]?.description ?? "";
      seen.add(text);
      if (!text.includes("writing…") && text !== "") break;
      if (Date.now() > deadline) throw new Error(`the answer never finished: ${text}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(seen.size).toBeGreaterThan(2);
    const request = llm.requests.at(-1);
    expect(llm.requests.length).toBe(1);
    expect(request?.body.messages?.[1]?.content).toContain("pod.crash-loop.oom-killed");
    expect(last.embeds?.[1]?.description).toBe(escapeMarkdown(request ? defaultAnswer(request) : "?"));
    expect(last.embeds?.[1]?.footer?.text).toBe(`${AI_LABEL} Model: stand-in`);
    // The findings stay the first embed, unchanged by the answer.
    expect(last.embeds?.[0]).toEqual(first.embeds?.[0]);
  });

  it("asks about a pod, deployment, node or namespace only", async () => {
    const reply = await (await diagnose([opt("question", "is everything fine?")])).reply(30_000);
    expect(JSON.stringify(reply)).toContain("question: needs one of them");
  });
});
