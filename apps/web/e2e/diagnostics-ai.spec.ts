import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { simulateCrashLoop, waitForRunningPod } from "@clustercord/testenv/cluster";
import { defaultAnswer, type LlmStandIn, startLlmStandIn } from "@clustercord/testenv/llm";
import { type Stack, startStack } from "@clustercord/testenv/stack";
import type { Locator } from "@playwright/test";
import { addLocalCluster, test as base, expect, removeCluster, signInTo } from "./fixtures";
import { expectAccessible } from "./page-checks";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";
const NS = `clustercord-guild-${ACME}`;
const OOM = "pod.crash-loop.oom-killed";
const QUESTION = "why does ledger keep restarting?";

/** This spec's stack has AI explanations on, through the OpenAI-compatible stand-in. */
const test = base.extend<object, { llm: LlmStandIn }>({
  llm: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use) => {
      // Slow enough that the page shows the answer growing over several polls.
      const llm = await startLlmStandIn({ chunkDelayMs: 300, wordsPerChunk: 2 });
      try {
        await use(llm);
      } finally {
        await llm.close();
      }
    },
    { scope: "worker" },
  ],
  stack: [
    async ({ llm }, use) => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "cc-e2e-ai-"));
      const stack: Stack = await startStack({ dataDir, rateLimitScale: 10, llmBaseUrl: llm.baseUrl });
      try {
        await use(stack);
      } finally {
        await stack.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: "worker", timeout: 180_000 },
  ],
});

test.use({ actionTimeout: 60_000 });

const ledger = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ledger, namespace: ${NS} }
spec:
  replicas: 1
  selector: { matchLabels: { app: ledger } }
  template:
    metadata: { labels: { app: ledger } }
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/ledger:1.0.0
          resources: { requests: { cpu: 10m, memory: 64Mi }, limits: { cpu: 100m, memory: 128Mi } }
`;

async function diagnose(panel: Locator) {
  const before = (await panel.getAttribute("data-answered-at")) ?? "0";
  await panel.getByRole("button", { name: /^Diagnose( again)?$/ }).click();
  await expect(panel).not.toHaveAttribute("data-answered-at", before, { timeout: 60_000 });
  await expect(panel).toHaveAttribute("data-state", /^(done|error)$/, { timeout: 60_000 });
}

test("Ask AI under a diagnosis: the answer grows as the model streams, labelled AI-generated beside the rule-based findings", async ({
  page,
  stack,
  kube,
  llm,
}) => {
  test.setTimeout(600_000);
  const clusterId = await addLocalCluster(stack, kube, "ai-pool");
  try {
    await kube.kubectl(["apply", "-f", "-"], ledger);
    const pod = await waitForRunningPod((args) => kube.kubectl(args), NS, "app=ledger");
    await simulateCrashLoop((args, input) => kube.kubectl(args, input), NS, pod, {
      container: "app",
      image: "ghcr.io/acme/ledger:1.0.0",
      exitCode: 137,
      reason: "OOMKilled",
      restarts: 3,
    });

    await signInTo(page, stack, "alice", "Acme Ops");
    await page.goto(`${stack.webUrl}/clusters/${clusterId}/resources/deployments/ledger?namespace=${NS}`);
    const panel = page.getByRole("region", { name: "Diagnosis", exact: true });
    const card = panel.locator(`article[data-finding-id="${OOM}"]`);
    await expect(async () => {
      await diagnose(panel);
      await expect(card).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 90_000 });

    const ask = panel.getByTestId("ask-ai");
    await ask.getByLabel("Ask AI about this diagnosis").fill(QUESTION);
    const asked = llm.requests.length;
    await ask.getByRole("button", { name: "Ask AI" }).click();
    await expect(
      ask.getByText("AI-generated (stand-in); the findings above are the rule-based result."),
    ).toBeVisible({ timeout: 60_000 });

    // The text as the page shows it, read while the model writes: it grows, then stops with the whole answer.
    const answer = ask.getByTestId("ai-answer");
    const seen: string[] = [];
    await expect(async () => {
      const text = (await answer.textContent()) ?? "";
      if (seen.at(-1) !== text) seen.push(text);
      await expect(ask).toHaveAttribute("data-state", "done", { timeout: 100 });
    }).toPass({ timeout: 60_000, intervals: [100] });
    const request = llm.requests.at(-1);
    expect(llm.requests.length).toBe(asked + 1);
    expect(request?.body.messages?.[1]?.content).toContain(`Question: ${QUESTION}`);
    expect(request?.body.messages?.[1]?.content).toContain(OOM);
    const whole = request ? defaultAnswer(request) : "?";
    await expect(answer).toHaveText(whole);
    const partial = seen.filter((t) => t && t !== "Thinking…" && t !== whole);
    expect(partial.length, `the answer as it grew: ${JSON.stringify(seen)}`).toBeGreaterThan(0);
    for (const t of partial) expect(whole.startsWith(t.trimEnd())).toBe(true);
    // The rule-based finding is still shown, above the answer.
    await expect(card).toHaveCount(1);
    await expectAccessible(page, "a diagnosis with an AI answer");
  } finally {
    await kube.kubectl([
      "delete",
      "deployment/ledger",
      "-n",
      NS,
      "--ignore-not-found",
      "--wait=true",
      "--timeout=120s",
    ]);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
