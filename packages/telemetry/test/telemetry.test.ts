import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger, createMetrics, metricsRoute, requestIdOf, serveMetrics } from "../src/index";

/** A logger writing into memory, and its lines parsed. */
function captured() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  const text = () => chunks.join("");
  return {
    log: createLogger({ name: "test", destination: stream }),
    text,
    lines: () =>
      text()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe("createLogger", () => {
  it("writes JSON lines with the service name and blanks credentials by path", () => {
    const token = registerSecret(`tok-${Math.random().toString(36).slice(2)}`, "telemetry test token");
    const cookie = registerSecret(`ck-${Math.random().toString(36).slice(2)}`, "telemetry test cookie");
    const secretValue = registerSecret(`sv-${Math.random().toString(36).slice(2)}`, "telemetry Secret value");
    const { log, lines, text } = captured();
    log.info({ token }, "top level");
    log.info({ user: { accessToken: token, name: "alice" } }, "one down");
    log.info({ call: { auth: { password: token } } }, "two down");
    log.info(
      { req: { headers: { cookie, authorization: `Bearer ${token}`, "x-clustercord-signature": token } } },
      "headers",
    );
    log.info({ cluster: { kubeconfig: `users:\n- user:\n    token: ${token}` } }, "kubeconfig");
    log.info({ object: { kind: "Secret", metadata: { name: "db" }, data: { pw: secretValue } } }, "a Secret");
    log.info({ object: { kind: "Secret", stringData: { pw: secretValue } } }, "stringData");

    expect(text()).not.toContain(token);
    expect(text()).not.toContain(cookie);
    expect(text()).not.toContain(secretValue);
    const all = lines();
    expect(all).toHaveLength(7);
    for (const line of all) expect(line.service).toBe("test");
    expect(all[1]?.user).toEqual({ accessToken: "[redacted]", name: "alice" });
    expect(all[5]?.object).toEqual({ kind: "Secret", metadata: { name: "db" }, data: "[redacted]" });
  });

  it("keeps an error's message and stack under err", () => {
    const { log, lines } = captured();
    log.error({ err: new Error("boom") }, "failed");
    const [line = {}] = lines();
    expect(line.level).toBe(50);
    expect((line.err as { message: string }).message).toBe("boom");
    expect((line.err as { stack: string }).stack).toContain("Error: boom");
  });
});

describe("requestIdOf", () => {
  const server = createServer((req, res) => {
    const first = requestIdOf(req, res);
    res.end(JSON.stringify({ first, again: requestIdOf(req) }));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = async () => {
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  };

  it("keeps a valid incoming id, echoes it, and gives the same id to later readers", async () => {
    const res = await fetch(await url(), { headers: { "x-request-id": "abc.DEF_1-2" } });
    expect(res.headers.get("x-request-id")).toBe("abc.DEF_1-2");
    expect(await res.json()).toEqual({ first: "abc.DEF_1-2", again: "abc.DEF_1-2" });
  });

  for (const bad of ["has space", "x".repeat(65), "new\\nline", "a/b"]) {
    it(`replaces an invalid incoming id (${JSON.stringify(bad.slice(0, 10))})`, async () => {
      const res = await fetch(await url(), { headers: { "x-request-id": bad } });
      const id = res.headers.get("x-request-id") ?? "";
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await res.json()).toEqual({ first: id, again: id });
    });
  }
});

describe("/metrics", () => {
  const metricsToken = registerSecret(
    `mt-${"k".repeat(8)}-${Math.random().toString(36).slice(2)}`,
    "metrics token",
  );
  const metrics = createMetrics();
  metrics.apiDuration.observe({ procedure: "me.get", type: "query" }, 0.01);
  const servers: { close(): unknown }[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  async function web(token: string | undefined) {
    const route = metricsRoute({ metrics, token });
    const server = createServer((req: IncomingMessage, res: ServerResponse) => void route(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push({ close: () => new Promise((resolve) => server.close(resolve)) });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  }

  it("is 404 when no token is set", async () => {
    const res = await fetch(await web(undefined));
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("");
  });

  it("is 401 without the token or with a wrong one, and answers with it", async () => {
    const url = await web(metricsToken);
    for (const authorization of [
      undefined,
      "Bearer wrong",
      `Basic ${metricsToken}`,
      `Bearer ${metricsToken}x`,
    ]) {
      const res = await fetch(url, authorization ? { headers: { authorization } } : {});
      expect(res.status).toBe(401);
      expect(await res.text()).toBe("");
    }
    const ok = await fetch(url, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(ok.status).toBe(200);
    const text = await ok.text();
    expect(text).toContain(
      'clustercord_api_request_duration_seconds_count{procedure="me.get",type="query"} 1',
    );
    expect(text).toContain("process_cpu_user_seconds_total");
  });

  it("serves on a port of its own without a token", async () => {
    const own = await serveMetrics({ metrics, port: 0, host: "127.0.0.1" });
    servers.push(own);
    const res = await fetch(own.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("# TYPE clustercord_open_sockets gauge");
    expect((await fetch(own.url.replace("/metrics", "/other"))).status).toBe(404);
  });
});
