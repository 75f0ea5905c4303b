import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import { createLogger } from "@clustercord/telemetry";
import {
  callTrpc,
  createTestDatabase,
  freePort,
  signInThroughOAuth,
  type TestDatabase,
  workerHeaders,
} from "@clustercord/testenv";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { collectOutput, registerSecret } from "@clustercord/testenv/leak-check";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebServer, type WebServer } from "../src/server/start";
import { testWebEnv } from "./web-env";

/**
 * One web process (API only) with a captured logger and METRICS_TOKEN:
 * tRPC calls (one refused, one with a kubeconfig), a socket following its
 * unread count, a notification delivered by a job; then /metrics shows the
 * series and the log is JSON with request ids and none of the test's secrets.
 */
const ALICE = "100000000000000001"; // owner of Acme
const ACME = "200000000000000001";

let db: TestDatabase;
let discord: DiscordStandIn;
let web: WebServer;
let socket: Socket | undefined;
const serviceToken = registerSecret(randomBytes(32).toString("hex"), "worker service token");
const metricsToken = registerSecret(randomBytes(24).toString("hex"), "metrics token");
const kubeconfigToken = registerSecret(randomBytes(24).toString("hex"), "kubeconfig token");
const chunks: string[] = [];
const logText = () => chunks.join("");
let cookie = "";

beforeAll(async () => {
  db = await createTestDatabase();
  discord = await startDiscordStandIn();
  registerSecret(discord.fixture.bot.token, "bot token");
  const port = await freePort();
  const destination = new PassThrough();
  destination.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  web = await startWebServer(
    testWebEnv({ port, db, discord, serviceToken, extra: { METRICS_TOKEN: metricsToken } }),
    { pages: false, logger: createLogger({ name: "web", level: "debug", destination }) },
  );
  cookie = await signInThroughOAuth(web.url, "alice");
  registerSecret(cookie.slice(cookie.indexOf("=") + 1).split(";")[0] ?? "", "alice's session cookie");
});

afterAll(async () => {
  socket?.close();
  await web?.stop();
  await discord?.close();
  await db?.drop();
  collectOutput("observability test's web log", logText());
});

const scrape = (authorization?: string) =>
  fetch(`${web.url}/metrics`, authorization ? { headers: { authorization } } : {});

/** The value of one sample in exposition text (labels in their printed order), or null. */
function sample(text: string, series: string): number | null {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

const until = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://127.0.0.1:6443
contexts:
- name: c
  context: { cluster: c, user: u }
current-context: c
users:
- name: u
  user:
    token: ${kubeconfigToken}
`;

describe("metrics and logs after real traffic", () => {
  let headerId = "";
  let generatedId = "";

  it("drives traffic: calls, a refusal, a kubeconfig, a socket, a notification job", async () => {
    const me = await callTrpc(web.url, "me.get", { headers: { cookie, "x-request-id": "obs-me-get" } });
    expect(me.status).toBe(200);
    headerId = me.headers.get("x-request-id") ?? "";
    const invalid = await callTrpc(web.url, "me.get", { headers: { cookie, "x-request-id": "not valid!" } });
    generatedId = invalid.headers.get("x-request-id") ?? "";

    const refused = await callTrpc(web.url, "me.get");
    expect(refused.status).toBe(401);
    const added = await callTrpc(web.url, "clusters.add", {
      headers: workerHeaders(serviceToken, ALICE, ACME),
      input: { name: "obs", kubeconfig, shared: false },
      mutation: true,
    });
    expect(added.error?.data.appCode).toBe("BAD_REQUEST");

    socket = connectSocket(web.url, {
      path: "/socket.io",
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { origin: web.url, cookie },
    });
    await new Promise<void>((resolve, reject) => {
      socket?.on("connect", () => resolve());
      socket?.on("connect_error", reject);
    });
    expect(await socket.emitWithAck("notifications:subscribe", {})).toEqual({ ok: true, unread: 0 });

    const sent = await callTrpc<{ sent: boolean }>(web.url, "notifications.sendTest", {
      headers: workerHeaders(serviceToken, ALICE, ACME),
      mutation: true,
    });
    expect(sent.data.sent).toBe(true);
    await until("the DM", () => discord.dms(ALICE).some((m) => m.embeds?.[0]?.title === "Test notification"));
  });

  it("refuses /metrics without the token (401, no detail) and with a wrong one", async () => {
    for (const authorization of [undefined, `Bearer ${"0".repeat(48)}`, metricsToken]) {
      const res = await scrape(authorization);
      expect(res.status).toBe(401);
      expect(await res.text()).toBe("");
    }
  });

  it("shows the named series with the traffic counted", async () => {
    let text = "";
    // The delivery's counters move when its job finishes, just after the DM arrives.
    await until("the delivery job's metrics", async () => {
      const res = await scrape(`Bearer ${metricsToken}`);
      expect(res.status).toBe(200);
      text = await res.text();
      return (sample(text, 'clustercord_notifications_sent_total{channel="discord_dm"}') ?? 0) >= 1;
    });
    const positive = [
      'clustercord_api_request_duration_seconds_count{procedure="me.get",type="query"}',
      'clustercord_api_request_duration_seconds_count{procedure="clusters.add",type="mutation"}',
      'clustercord_api_errors_total{procedure="me.get",code="UNAUTHORIZED"}',
      'clustercord_api_errors_total{procedure="clusters.add",code="BAD_REQUEST"}',
      'clustercord_open_sockets{kind="browser"}',
      'clustercord_open_streams{kind="notifications"}',
      'clustercord_notifications_sent_total{channel="discord_dm"}',
      'clustercord_job_duration_seconds_count{job="notify.deliver",outcome="completed"}',
    ];
    for (const series of positive) expect(sample(text, series), series).toBeGreaterThan(0);
    // Two answered, one refused.
    expect(
      sample(text, 'clustercord_api_request_duration_seconds_count{procedure="me.get",type="query"}'),
    ).toBe(3);
    expect(sample(text, 'clustercord_job_queue_depth{job="cleanup",state="waiting"}')).toBe(0);
    for (const type of [
      "clustercord_cache_objects gauge",
      "clustercord_cache_watch_restarts_total counter",
      "clustercord_discord_interaction_duration_seconds histogram",
      "clustercord_notifications_failed_total counter",
      "clustercord_job_failures_total counter",
      "process_resident_memory_bytes gauge",
    ])
      expect(text).toContain(`# TYPE ${type}`);
  });

  it("logs JSON lines with request ids, echoed in the response, and no secret", async () => {
    socket?.close();
    await until("the socket's close line", () => logText().includes('"msg":"socket closed"'));
    const lines = logText()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(line.service).toBe("web");

    const requests = lines.filter((l) => l.msg === "request");
    expect(requests.length).toBeGreaterThan(3);
    for (const line of requests) expect(line.reqId).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    expect(headerId).toBe("obs-me-get");
    expect(requests).toContainEqual(
      expect.objectContaining({ reqId: "obs-me-get", path: "/api/trpc/me.get", status: 200 }),
    );
    expect(generatedId).toMatch(/^[0-9a-f-]{36}$/);
    expect(requests).toContainEqual(
      expect.objectContaining({ reqId: generatedId, path: "/api/trpc/me.get" }),
    );
    // The socket's lines share one id of their own; the job's lines carry the run's.
    const opened = lines.find((l) => l.msg === "socket open");
    expect(opened?.reqId).toEqual(expect.any(String));
    expect(lines.find((l) => l.msg === "socket closed")?.reqId).toBe(opened?.reqId);
    expect(lines.find((l) => l.msg === "notification sent")).toMatchObject({
      job: "notify.deliver",
      reqId: expect.stringMatching(/-1$/),
    });

    const text = logText();
    for (const secret of [
      serviceToken,
      metricsToken,
      kubeconfigToken,
      discord.fixture.bot.token,
      cookie.split(";")[0] ?? cookie,
    ])
      expect(text.includes(secret)).toBe(false);
  });
});
