import http from "node:http";
import type { AddressInfo } from "node:net";
import { fetch } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createOutboundGuard,
  findOutboundRefusal,
  type OutboundGuardOptions,
  type OutboundPolicy,
  OutboundRefusal,
  PUBLIC_ONLY,
  parseAllowedNetworks,
  type Resolver,
} from "../src/index";

/** Real servers on 127.0.0.1: "internal" stands for a service the attacker wants to reach. */
let internal: http.Server;
let internalUrl: string;
let internalHits = 0;
let redirector: http.Server;
let redirectorUrl: string;
const INTERNAL_ANSWER = "internal-answer-7f3a";

const listen = async (server: http.Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  internal = http.createServer((_req, res) => {
    internalHits++;
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify({ gitVersion: INTERNAL_ANSWER }));
  });
  const internalPort = await listen(internal);
  internalUrl = `http://127.0.0.1:${internalPort}`;
  redirector = http.createServer((_req, res) => {
    res.statusCode = 302;
    res.setHeader("Location", `${internalUrl}/version`);
    res.end("moved");
  });
  redirectorUrl = `http://127.0.0.1:${await listen(redirector)}`;
});

afterAll(async () => {
  await new Promise((resolve) => internal?.close(resolve));
  await new Promise((resolve) => redirector?.close(resolve));
});

beforeEach(() => {
  internalHits = 0;
});

const loopbackHttp: OutboundPolicy = {
  ...PUBLIC_ONLY,
  allowedNetworks: parseAllowedNetworks("127.0.0.1/32"),
  allowPlainHttp: true,
};
const publicHttp: OutboundPolicy = { ...PUBLIC_ONLY, allowPlainHttp: true };
const names: OutboundGuardOptions["settingNames"] = {
  networks: "ALLOWED_NETWORKS",
  proxy: "ALLOW_PROXY",
  plainHttp: "ALLOW_HTTP",
  insecureTls: "ALLOW_INSECURE_TLS",
};

/** Fetches through the guard's dispatcher; returns the refusal it failed with (or throws if it did not fail). */
async function refusedFetch(policy: OutboundPolicy, url: string, options: OutboundGuardOptions = {}) {
  const guard = createOutboundGuard(policy, { settingNames: names, ...options });
  const error = await fetch(url, { dispatcher: guard.dispatcher() }).then(
    () => null,
    (e: unknown) => e,
  );
  const refusal = findOutboundRefusal(error);
  if (!refusal) throw new Error(`expected an OutboundRefusal, got ${String(error)}`);
  return refusal;
}

/** GETs through a guarded node:http Agent. */
function agentGet(policy: OutboundPolicy, url: string, options: OutboundGuardOptions = {}) {
  const guard = createOutboundGuard(policy, { settingNames: names, ...options });
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.get(url, { agent: guard.agent("http:") }, (res) => {
      let body = "";
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}

describe("redirects", () => {
  it("are never followed: a 302 to an internal service fails without reaching it or naming it", async () => {
    const refusal = await refusedFetch(loopbackHttp, `${redirectorUrl}/version`);
    expect(refusal.reason).toBe("redirect");
    expect(refusal.userMessage).toBe(
      "the server answered with a redirect (HTTP 302); ClusterCord does not follow redirects",
    );
    expect(refusal.message).not.toContain(internalUrl.split(":").at(-1));
    expect(internalHits).toBe(0);
  });

  it("refuse every 3xx, also with fetch's redirect: 'manual'", async () => {
    const guard = createOutboundGuard(loopbackHttp);
    const error = await fetch(redirectorUrl, { dispatcher: guard.dispatcher(), redirect: "manual" }).catch(
      (e: unknown) => e,
    );
    expect(findOutboundRefusal(error)?.reason).toBe("redirect");
  });

  it("let 304 Not Modified through: it answers a conditional request and points nowhere", async () => {
    const notModified = http.createServer((_req, res) => {
      res.writeHead(304, { etag: '"v1"' }).end();
    });
    const url = `http://127.0.0.1:${await listen(notModified)}`;
    try {
      const guard = createOutboundGuard(loopbackHttp);
      const res = await fetch(url, {
        dispatcher: guard.dispatcher(),
        redirect: "manual",
        headers: { "if-none-match": '"v1"' },
      });
      expect(res.status).toBe(304);
      expect(res.headers.get("etag")).toBe('"v1"');
    } finally {
      await new Promise((resolve) => notModified.close(resolve));
    }
  });

  it("leave other answers alone", async () => {
    const guard = createOutboundGuard(loopbackHttp);
    const res = await fetch(`${internalUrl}/version`, { dispatcher: guard.dispatcher() });
    expect(await res.json()).toEqual({ gitVersion: INTERNAL_ANSWER });
  });
});

describe("addresses, judged when dialled", () => {
  it("refuses loopback by IP unless the network is allowed", async () => {
    const refusal = await refusedFetch(publicHttp, internalUrl);
    expect(refusal.reason).toBe("address");
    expect(refusal.userMessage).toBe(
      "127.0.0.1 is a loopback address; only public addresses are allowed unless an operator allows the network in ALLOWED_NETWORKS",
    );
    expect(internalHits).toBe(0);
  });

  it("sees through hex, decimal and octal spellings and IPv4-mapped IPv6", async () => {
    const port = new URL(internalUrl).port;
    for (const host of ["0x7f.1", "2130706433", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]"]) {
      const refusal = await refusedFetch(publicHttp, `http://${host}:${port}/`);
      expect(refusal.userMessage).toMatch(/is a loopback address/);
    }
    expect(internalHits).toBe(0);
  });

  it("refuses a real DNS name that resolves to loopback (localhost) unless allowed", async () => {
    const port = new URL(internalUrl).port;
    const refusal = await refusedFetch(publicHttp, `http://localhost:${port}/`);
    expect(refusal.userMessage).toMatch(/^localhost resolves to a loopback address; only public addresses/);
    expect(internalHits).toBe(0);
    // With 127.0.0.1/32 allowed, localhost works through 127.0.0.1 (a ::1 answer is dropped, not dialled).
    const res = await fetch(`http://localhost:${port}/`, {
      dispatcher: createOutboundGuard(loopbackHttp).dispatcher(),
    });
    expect(res.status).toBe(200);
    expect(internalHits).toBe(1);
  });

  it("refuses a name that resolves to the metadata address, on the answer actually dialled", async () => {
    const calls: string[] = [];
    const metadata: Resolver = async (hostname) => {
      calls.push(hostname);
      return [{ address: "169.254.169.254", family: 4 }];
    };
    const refusal = await refusedFetch(loopbackHttp, "http://metadata.internal.test/latest/meta-data/", {
      resolve: metadata,
    });
    expect(refusal.userMessage).toMatch(/^metadata\.internal\.test resolves to a cloud metadata address;/);
    expect(calls).toEqual(["metadata.internal.test"]);
  });

  it("dials only the allowed answers of a mixed DNS answer", async () => {
    const port = new URL(internalUrl).port;
    const mixed: Resolver = async () => [
      { address: "169.254.169.254", family: 4 },
      { address: "127.0.0.1", family: 4 },
    ];
    const guard = createOutboundGuard(loopbackHttp, { resolve: mixed });
    const res = await fetch(`http://mixed.test:${port}/`, { dispatcher: guard.dispatcher() });
    expect(res.status).toBe(200);
    expect(internalHits).toBe(1);
  });

  it("checks the guarded node:http Agent the same way (literal and name)", async () => {
    const port = new URL(internalUrl).port;
    await expect(agentGet(publicHttp, internalUrl)).rejects.toThrow(/127\.0\.0\.1 is a loopback address/);
    await expect(agentGet(publicHttp, `http://localhost:${port}/`)).rejects.toThrow(
      /localhost resolves to a loopback address/,
    );
    const rebound: Resolver = async () => [{ address: "::ffff:169.254.169.254", family: 6 }];
    await expect(
      agentGet(loopbackHttp, `http://rebound.test:${port}/`, { resolve: rebound }),
    ).rejects.toThrow(/rebound\.test resolves to a cloud metadata address/);
    expect(internalHits).toBe(0);
    expect(await agentGet(loopbackHttp, internalUrl)).toEqual({
      status: 200,
      body: JSON.stringify({ gitVersion: INTERNAL_ANSWER }),
    });
  });
});

describe("operator permissions", () => {
  it("refuses plain http unless allowed", async () => {
    const httpsOnly = { ...loopbackHttp, allowPlainHttp: false };
    const refusal = await refusedFetch(httpsOnly, internalUrl);
    expect(refusal.reason).toBe("scheme");
    expect(refusal.userMessage).toBe(
      "plain http:// is not allowed; use https:// (an operator can allow it with ALLOW_HTTP)",
    );
    await expect(agentGet(httpsOnly, internalUrl)).rejects.toThrow(/plain http:\/\/ is not allowed/);
    expect(internalHits).toBe(0);
  });

  it("refuses a proxy unless allowed, and judges the proxy's own address", () => {
    const guard = createOutboundGuard(loopbackHttp, { settingNames: names });
    const proxyUrl = "http://proxy.example.com:3128";
    expect(() => guard.dispatcher({ proxyUrl })).toThrow(OutboundRefusal);
    expect(() => guard.agent("https:", { proxyUrl })).toThrow(/a proxy is not allowed.*ALLOW_PROXY/);
    const proxies = createOutboundGuard({ ...publicHttp, allowProxy: true });
    expect(() => proxies.dispatcher({ proxyUrl: "http://10.0.0.8:3128" })).toThrow(
      /the proxy 10\.0\.0\.8 is a private address/,
    );
    expect(() => proxies.dispatcher({ proxyUrl: "http://user:pw-SECRET@[::ffff:127.0.0.1]:3128" })).toThrow(
      /the proxy ::ffff:7f00:1 \(IPv4-mapped IPv6 of 127\.0\.0\.1\) is a loopback address/,
    );
    expect(proxies.dispatcher({ proxyUrl })).toBeDefined();
  });

  it("refuses turning TLS verification off unless allowed", () => {
    const guard = createOutboundGuard(loopbackHttp, { settingNames: names });
    expect(() => guard.dispatcher({ tls: { rejectUnauthorized: false } })).toThrow(
      "TLS verification cannot be turned off (an operator can allow it with ALLOW_INSECURE_TLS)",
    );
    expect(() => guard.agent("https:", { tls: { rejectUnauthorized: false } })).toThrow(OutboundRefusal);
    const lax = createOutboundGuard({ ...loopbackHttp, allowInsecureTls: true });
    expect(lax.dispatcher({ tls: { rejectUnauthorized: false } })).toBeDefined();
  });

  it("checkUrl refuses early what no dial could fix, never quoting credentials", () => {
    const guard = createOutboundGuard(PUBLIC_ONLY, { settingNames: names });
    expect(() => guard.checkUrl("https://user:hunter2-SECRET@0x7f.1:6443/")).toThrow(
      /^outbound request refused: 127\.0\.0\.1 is a loopback address/,
    );
    try {
      guard.checkUrl("https://user:hunter2-SECRET@10.0.0.1/");
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("SECRET");
    }
    expect(() => guard.checkUrl("ftp://example.com/")).toThrow(/only https:\/\//);
    expect(() => guard.checkUrl("http://example.com/")).toThrow(/plain http/);
    expect(guard.checkUrl("https://example.com:6443/").hostname).toBe("example.com");
  });
});
