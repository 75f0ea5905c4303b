import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import type { DiagnosticsAnswerOutput, DiagnosticsAskOutput } from "@clustercord/contracts";
import { simulateCrashLoop, waitForRunningPod } from "@clustercord/testenv/cluster";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { defaultAnswer, type LlmStandIn, startLlmStandIn } from "@clustercord/testenv/llm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, CAROL, startApiHarness } from "./harness";

/**
 * diagnostics.ask on the real API server against the OpenAI-compatible
 * stand-in: an OOM crash loop whose container has a Secret, a ConfigMap and a
 * literal env value, and whose last log lines print them. The findings come
 * back at once; the answer streams in over several polls, labelled; and no
 * secret, ConfigMap or env value reaches the model's prompt (the log lines do,
 * redacted).
 */
const nsAcme = `clustercord-guild-${ACME}`;
const PASSWORD = registerSecret("ai-db-password-8d2e61f0c3", "a Secret value in the diagnosed namespace");
const CONFIG_TOKEN = registerSecret(
  "ai-config-token-4a7b19e5d2",
  "a ConfigMap value in the diagnosed namespace",
);
const LICENSE = registerSecret(
  "ai-license-value-c05e7d9a41",
  "a literal env value of the diagnosed container",
);
const API_KEY = registerSecret("sk-ai-standin-key-2f9a6b0d7e1c4a8b", "the AI model API key");

let h: ApiHarness;
let llm: LlmStandIn;
let shared: string;

const objects = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ledger, namespace: ${nsAcme} }
spec:
  replicas: 1
  selector: { matchLabels: { app: ledger } }
  template:
    metadata: { labels: { app: ledger } }
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/ledger:1.0.0
          env:
            - { name: DB_PASSWORD, valueFrom: { secretKeyRef: { name: ledger-db, key: password } } }
            - { name: LICENSE_KEY, value: ${LICENSE} }
          envFrom: [{ configMapRef: { name: ledger-config } }]
          resources: { requests: { memory: 64Mi }, limits: { memory: 128Mi } }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: ledger-config, namespace: ${nsAcme} }
data: { API_TOKEN: ${CONFIG_TOKEN} }
---
apiVersion: v1
kind: Secret
metadata: { name: ledger-db, namespace: ${nsAcme} }
stringData: { password: ${PASSWORD} }
`;

const target = { kind: "Deployment", namespace: nsAcme, name: "ledger" };

/** What the crashed app printed last (kwok serves one log file to every container): each value in it. */
async function printSecrets() {
  const at = () => new Date().toISOString().replace("Z", "000000Z");
  const lines = [
    `connecting to db with DB_PASSWORD=${PASSWORD}`,
    `loaded config API_TOKEN=${CONFIG_TOKEN}`,
    `license ${LICENSE} accepted`,
    "fatal: out of memory while loading the ledger",
  ];
  await appendFile(
    join(h.cluster.dataDir, "logs", "container.log"),
    lines.map((l) => `${at()} stdout F ${l}\n`).join(""),
  );
}

function ask(who: readonly [string, string], question = "why does ledger keep restarting?") {
  return h.call<DiagnosticsAskOutput>("diagnostics.ask", who, {
    input: { clusterId: shared, target, question },
    mutation: true,
  });
}

beforeAll(async () => {
  llm = await startLlmStandIn({ apiKey: API_KEY, chunkDelayMs: 300, wordsPerChunk: 2 });
  h = await startApiHarness({ llm: { baseUrl: llm.baseUrl, apiKey: API_KEY } });
  shared = await h.addSharedCluster([BETA]);
  await h.cluster.kubectl(["apply", "-f", "-"], objects);
  await simulateCrashLoop(
    (args, input) => h.cluster.kubectl(args, input),
    nsAcme,
    await waitForRunningPod((args) => h.cluster.kubectl(args), nsAcme, "app=ledger"),
    { container: "app", image: "ghcr.io/acme/ledger:1.0.0", exitCode: 137, reason: "OOMKilled", restarts: 3 },
  );
}, 600_000);

afterAll(async () => {
  await h?.close();
  await llm?.close();
});

describe("diagnostics.ask against the OpenAI-compatible stand-in", () => {
  it("returns the rule-based findings, streams a labelled answer, and sends no secret or env value", async () => {
    // Until the caches show the crash loop and the log read catches the printed lines (kwok's log grows each second).
    let asked: Awaited<ReturnType<typeof ask>> | undefined;
    let prompt = "";
    const deadline = Date.now() + 60_000;
    for (;;) {
      await printSecrets();
      asked = await ask([ALICE, ACME]);
      expect(asked.status, JSON.stringify(asked.error)).toBe(200);
      const requests = llm.requests.length;
      // The model is called in the background: wait for its request.
      for (let i = 0; i < 50 && llm.requests.length === requests; i++)
        await new Promise((r) => setTimeout(r, 100));
      prompt = llm.requests.at(-1)?.raw ?? "";
      const oom = asked.data.findings.some((f) => f.id === "pod.crash-loop.oom-killed");
      if (oom && prompt.includes("DB_PASSWORD=[redacted]")) break;
      if (Date.now() > deadline)
        throw new Error(`no OOM finding with the printed log lines: ${prompt.slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    // The findings came with the ask, as diagnostics.run gives them.
    const oom = asked.data.findings.find((f) => f.id === "pod.crash-loop.oom-killed");
    expect(oom?.severity).toBe("CRITICAL");
    expect(asked.data.model).toBe("stand-in");
    expect(asked.data.answerId).toMatch(/^[0-9a-f-]{36}$/);

    // What reached the model: the findings and the log lines, with every value redacted.
    const request = llm.requests.at(-1);
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.body.stream).toBe(true);
    expect(request?.body.messages?.[0]?.content).toMatch(/ground truth/);
    for (const secret of [PASSWORD, CONFIG_TOKEN, LICENSE, API_KEY]) expect(prompt).not.toContain(secret);
    expect(prompt).toContain("pod.crash-loop.oom-killed");
    expect(prompt).toContain("128Mi");
    expect(prompt).toContain("API_TOKEN=[redacted]");
    expect(prompt).toContain("license [redacted] accepted");
    expect(prompt).toContain("why does ledger keep restarting?");

    // Asked again (the caches are warm now), the answer grows over several polls, labelled AI-generated, until done.
    const streamed = await ask([ALICE, ACME], "and in short?");
    expect(streamed.status, JSON.stringify(streamed.error)).toBe(200);
    let text = "";
    let pieces = 0;
    let last: DiagnosticsAnswerOutput | undefined;
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      const polled = await h.call<DiagnosticsAnswerOutput>("diagnostics.answer", [ALICE, ACME], {
        input: { answerId: streamed.data.answerId, after: text.length },
      });
      expect(polled.status).toBe(200);
      last = polled.data;
      if (last.text) pieces++;
      text += last.text;
      expect(last.length).toBe(text.length);
      if (last.done) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(last?.done).toBe(true);
    expect(last?.error).toBeNull();
    expect(last?.aiGenerated).toBe(true);
    expect(last?.model).toBe("stand-in");
    expect(pieces).toBeGreaterThan(1);
    const streamedRequest = llm.requests.at(-1);
    expect(streamedRequest?.raw).toContain("and in short?");
    expect(text).toBe(streamedRequest ? defaultAnswer(streamedRequest) : "?");
    expect(text).toContain("pod.crash-loop.oom-killed");

    // Only the asker reads it: not another member of Acme, not Alice acting in Beta.
    for (const who of [
      [CAROL, ACME],
      [ALICE, BETA],
    ] as const) {
      const other = await h.call("diagnostics.answer", who, { input: { answerId: asked.data.answerId } });
      expect(other.status).toBe(404);
    }

    // Audited by target, never with the question; the key never logged.
    const rows = await h.db.prisma.auditLog.findMany({ where: { action: "diagnostics.ask" } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]?.target).toBe(`cluster/${shared}/diagnostics/Deployment/${nsAcme}/ledger/ask`);
    expect(rows.map((r) => `${r.target} ${r.detail ?? ""}`).join("\n")).not.toContain("keep restarting");
    expect(h.logged()).not.toContain(API_KEY);
  });

  it("names the model's failure in the answer, and still returns the findings", async () => {
    llm.failWith = 500;
    try {
      const asked = await ask([ALICE, ACME], "and now?");
      expect(asked.status).toBe(200);
      expect(asked.data.findings.length).toBeGreaterThan(0);
      let answer: DiagnosticsAnswerOutput | undefined;
      for (let i = 0; i < 100 && !answer?.done; i++) {
        answer = (
          await h.call<DiagnosticsAnswerOutput>("diagnostics.answer", [ALICE, ACME], {
            input: { answerId: asked.data.answerId },
          })
        ).data;
        if (!answer.done) await new Promise((r) => setTimeout(r, 100));
      }
      expect(answer?.error).toBe("The AI model API answered HTTP 500.");
      expect(answer?.text).toBe("");
    } finally {
      llm.failWith = null;
    }
  });

  it("refuses another server's namespace before anything is sent", async () => {
    const before = llm.requests.length;
    const beta = await ask([CAROL, BETA]);
    expect(beta.status).toBe(403);
    expect(beta.error?.message).toBe("You may not diagnose in that namespace on this cluster.");
    expect(llm.requests.length).toBe(before);
  });
});
