import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createCredentialCipher, createDiscordDirectory } from "@clustercord/auth";
import { AppError } from "@clustercord/contracts";
import { buildAiPrompt } from "@clustercord/diagnostics";
import { PUBLIC_ONLY } from "@clustercord/outbound";
import {
  callTrpc,
  localChartPolicy,
  localClusterPolicy,
  openTestDatabase,
  seedRoleMappings,
  workerHeaders,
} from "@clustercord/testenv";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { defaultAnswer, type LlmStandIn, startLlmStandIn } from "@clustercord/testenv/llm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AiDeps,
  createAiDeps,
  createApiHandler,
  createClusterGuard,
  createRateLimiter,
  ResourceCaches,
} from "../src/index";
import { streamChat } from "../src/services/llm-stream";

/**
 * diagnostics.ask without a cluster: with AI off, or with the model's
 * address refused by the guard, the ask is refused before anything is
 * diagnosed and the model stand-in sees no request. And the streaming client
 * itself against the stand-in: chunks, [DONE], the key as a Bearer token and
 * never in an error. (The whole path on a real cluster:
 * diagnostics-ask.cluster.test.ts.)
 */
const ALICE = "100000000000000001";
const ACME = "200000000000000001";
const TOKEN = registerSecret(randomBytes(32).toString("hex"), "worker service token");
const API_KEY = registerSecret(`sk-${randomBytes(24).toString("hex")}`, "the AI model API key");

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let discord: DiscordStandIn;
let llm: LlmStandIn;
const servers: { server: http.Server; caches: ResourceCaches }[] = [];

async function startApi(ai: AiDeps | undefined, rateLimitScale = 10) {
  const caches = new ResourceCaches();
  const server = http.createServer(
    createApiHandler({
      prisma: testDb.db.prisma,
      directory: createDiscordDirectory({ apiBase: discord.apiBase, botToken: discord.fixture.bot.token }),
      serviceToken: TOKEN,
      cipher: createCredentialCipher([{ id: "k1", key: randomBytes(32) }]),
      confirmationKey: randomBytes(32),
      caches,
      rateLimiter: createRateLimiter({ scale: rateLimitScale }),
      clusterGuard: createClusterGuard(localClusterPolicy),
      ...(ai ? { ai } : {}),
    }),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push({ server, caches });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return <T>(procedure: string, options: { input?: unknown; mutation?: boolean } = {}) =>
    callTrpc<T>(url, procedure, { headers: workerHeaders(TOKEN, ALICE, ACME), ...options });
}

const askInput = {
  clusterId: "c-does-not-matter",
  target: { kind: "Pod", namespace: "shop", name: "api-0" },
  question: "why does it keep restarting?",
};

beforeAll(async () => {
  testDb = await openTestDatabase();
  discord = await startDiscordStandIn();
  await seedRoleMappings(testDb.db.prisma, discord.fixture.guilds);
  llm = await startLlmStandIn({ apiKey: API_KEY, chunkDelayMs: 20 });
});

afterAll(async () => {
  for (const { server, caches } of servers) {
    caches.stopAll();
    await new Promise((r) => server.close(r));
  }
  await llm?.close();
  await discord?.close();
  await testDb?.drop();
});

describe("diagnostics.ask refused before anything is sent", () => {
  it("with AI off: a clear error, and the model stand-in sees zero requests", async () => {
    const call = await startApi(undefined);
    const before = llm.requests.length;
    const asked = await call("diagnostics.ask", { input: askInput, mutation: true });
    expect(asked.status).toBe(400);
    expect(asked.error?.message).toBe("AI explanations are off on this ClusterCord.");
    const answer = await call("diagnostics.answer", {
      input: { answerId: "3f1c2b9e-1111-4a2b-8c3d-123456789abc" },
    });
    expect(answer.status).toBe(400);
    expect(answer.error?.message).toBe("AI explanations are off on this ClusterCord.");
    expect(llm.requests.length).toBe(before);
  });

  it("with the model on an internal address the operator did not allow: the guard's refusal, zero requests", async () => {
    const call = await startApi(
      createAiDeps({
        baseUrl: llm.baseUrl,
        model: "stand-in",
        apiKey: API_KEY,
        policy: { ...PUBLIC_ONLY, allowPlainHttp: true },
      }),
    );
    const before = llm.requests.length;
    const asked = await call("diagnostics.ask", { input: askInput, mutation: true });
    expect(asked.status).toBe(403);
    expect(asked.error?.message).toMatch(/^The AI model API is refused: /);
    expect(asked.error?.message).toContain("127.0.0.1 is a loopback address");
    expect(asked.error?.message).toContain("CLUSTERCORD_ALLOWED_LLM_NETWORKS");
    expect(JSON.stringify(asked)).not.toContain(API_KEY);
    expect(llm.requests.length).toBe(before);
  });

  it("refuses an empty or too long question, naming the problem", async () => {
    const call = await startApi(
      createAiDeps({ baseUrl: llm.baseUrl, model: "stand-in", apiKey: API_KEY, policy: localChartPolicy }),
    );
    const long = await call("diagnostics.ask", {
      input: { ...askInput, question: "x".repeat(501) },
      mutation: true,
    });
    expect(long.status).toBe(400);
    expect(long.error?.message).toContain("The question must be at most 500 characters.");
    const unknown = await call("diagnostics.answer", {
      input: { answerId: "3f1c2b9e-1111-4a2b-8c3d-123456789abc" },
    });
    expect(unknown.status).toBe(404);
  });
});

describe("diagnostics.ask's own rate limit", () => {
  it("allows a few asks a minute per person, then says to slow down; polling an answer has its own bucket", async () => {
    const call = await startApi(undefined, 1);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await call("diagnostics.ask", { input: askInput, mutation: true })).status);
    expect(statuses).toEqual([400, 400, 400, 429]);
    const polled = await call("diagnostics.answer", {
      input: { answerId: "3f1c2b9e-1111-4a2b-8c3d-123456789abc" },
    });
    expect(polled.status).toBe(400);
  });
});

describe("the streaming client against the OpenAI-compatible stand-in", () => {
  const request = buildAiPrompt({
    model: "stand-in",
    question: "why?",
    target: { kind: "Namespace", name: "shop" },
    findings: [],
  }).request;

  it("reads the SSE chunks in order until [DONE], sending the key as a Bearer token", async () => {
    const ai = createAiDeps({
      baseUrl: llm.baseUrl,
      model: "stand-in",
      apiKey: API_KEY,
      policy: localChartPolicy,
    });
    const pieces: string[] = [];
    await streamChat(ai, request, (t) => pieces.push(t));
    expect(pieces.length).toBeGreaterThan(3);
    const last = llm.requests.at(-1);
    expect(pieces.join("")).toBe(last ? defaultAnswer(last) : "?");
    expect(last?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(last?.body.stream).toBe(true);
    expect(last?.body.messages?.[0]?.role).toBe("system");
  });

  it("a wrong key: HTTP 401 named with a hint, the key and the provider's text never in the error", async () => {
    const ai = createAiDeps({
      baseUrl: llm.baseUrl,
      model: "stand-in",
      apiKey: `${API_KEY}x`,
      policy: localChartPolicy,
    });
    const error = await streamChat(ai, request, () => {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).userMessage).toBe("The AI model API answered HTTP 401 (check LLM_API_KEY).");
    expect(
      JSON.stringify({ m: (error as AppError).message, u: (error as AppError).userMessage }),
    ).not.toContain(API_KEY);
  });

  it("stops reading when told to (the answer's length cap)", async () => {
    const ai = createAiDeps({
      baseUrl: llm.baseUrl,
      model: "stand-in",
      apiKey: API_KEY,
      policy: localChartPolicy,
    });
    const pieces: string[] = [];
    await streamChat(
      ai,
      request,
      (t) => pieces.push(t),
      () => pieces.length >= 2,
    );
    expect(pieces.length).toBe(2);
  });
});
