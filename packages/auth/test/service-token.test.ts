import { serviceHeaders, serviceTokenScheme } from "@clustercord/contracts";
import { type ServiceRequest, signServiceRequest } from "@clustercord/contracts/service-signing";
import { describe, expect, it } from "vitest";
import { NonceCache, verifyServiceRequest } from "../src/service-token";
import { readSessionToken } from "../src/session-cookie";

const token = "a".repeat(40);
const NOW = 1_800_000_000_000;
const request: ServiceRequest = {
  method: "POST",
  path: "/api/trpc/roles.set",
  body: JSON.stringify({ roleId: "300000000000000001", role: "admin" }),
  actorUser: "100000000000000001",
  actorGuild: "200000000000000001",
};

/** What the API sees: the signed headers on the request as sent (or as altered). */
const incoming = (headers: Record<string, string>, sent: Partial<ServiceRequest> = {}) => {
  const r = { ...request, ...sent };
  return { method: r.method, url: r.path, headers, body: r.body };
};
const verify = (
  req: ReturnType<typeof incoming>,
  options: { now?: number; nonces?: NonceCache; token?: string } = {},
) =>
  verifyServiceRequest(req, req.body, {
    token: options.token ?? token,
    now: options.now ?? NOW,
    nonces: options.nonces ?? new NonceCache(),
  });

describe("verifyServiceRequest", () => {
  it("accepts a request signed with the token, and returns its actor", () => {
    const headers = signServiceRequest(token, request, { now: NOW });
    expect(verify(incoming(headers))).toEqual({
      ok: true,
      actorUser: request.actorUser,
      actorGuild: request.actorGuild,
    });
  });

  it("refuses a signature made with another token (forged)", () => {
    const headers = signServiceRequest("b".repeat(40), request, { now: NOW });
    expect(verify(incoming(headers))).toEqual({
      ok: false,
      problem: "The service request's signature does not match.",
    });
  });

  it("refuses a signed request whose body, path, method or actor was changed on the way", () => {
    const headers = signServiceRequest(token, request, { now: NOW });
    const altered = [
      incoming(headers, { body: JSON.stringify({ roleId: "300000000000000002", role: "admin" }) }),
      incoming(headers, { path: "/api/trpc/clusters.remove" }),
      incoming(headers, { method: "GET" }),
      incoming({ ...headers, [serviceHeaders.actorUser]: "100000000000000002" }),
      incoming({ ...headers, [serviceHeaders.actorGuild]: "200000000000000002" }),
      incoming({ ...headers, [serviceHeaders.timestamp]: String(NOW + 1) }),
    ];
    for (const req of altered) expect(verify(req)).toMatchObject({ ok: false, problem: /signature/ });
  });

  it("refuses the same signed request twice (replay)", () => {
    const nonces = new NonceCache();
    const req = incoming(signServiceRequest(token, request, { now: NOW }));
    expect(verify(req, { nonces }).ok).toBe(true);
    expect(verify(req, { nonces, now: NOW + 5_000 })).toEqual({
      ok: false,
      problem: "This signed request was already used; replays are refused.",
    });
  });

  it("refuses a timestamp more than 60 s away, either side", () => {
    const req = incoming(signServiceRequest(token, request, { now: NOW }));
    expect(verify(req, { now: NOW + 60_001 })).toMatchObject({ ok: false, problem: /older than 60 s/ });
    expect(verify(req, { now: NOW - 60_001 })).toMatchObject({ ok: false, problem: /from the future/ });
    expect(verify(req, { now: NOW + 59_000 }).ok).toBe(true);
  });

  it("refuses the old plain bearer token, even the right one, by name", () => {
    const req = incoming({
      authorization: `${serviceTokenScheme} ${token}`,
      [serviceHeaders.actorUser]: request.actorUser,
    });
    const result = verify(req);
    expect(result).toEqual({
      ok: false,
      problem: "Unsigned service tokens are refused: the worker must sign its requests.",
    });
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it("refuses malformed timestamps and nonces before computing anything", () => {
    const headers = signServiceRequest(token, request, { now: NOW });
    expect(verify(incoming({ ...headers, [serviceHeaders.timestamp]: "yesterday" }))).toMatchObject({
      ok: false,
      problem: /milliseconds since 1970/,
    });
    expect(verify(incoming({ ...headers, [serviceHeaders.nonce]: "short" }))).toMatchObject({
      ok: false,
      problem: /16-128 url-safe characters/,
    });
  });

  it("refuses everything when the configured token is too short", () => {
    const req = incoming(signServiceRequest("short", request, { now: NOW }));
    expect(verify(req, { token: "short" })).toMatchObject({ ok: false, problem: /no valid service token/ });
  });
});

describe("NonceCache", () => {
  it("forgets nonces after they expire", () => {
    const cache = new NonceCache();
    expect(cache.useOnce("n1", 1_000, 0)).toBe(true);
    expect(cache.useOnce("n2", 2_000, 0)).toBe(true);
    expect(cache.useOnce("n1", 1_000, 500)).toBe(false);
    cache.useOnce("n3", 5_000, 2_500);
    expect(cache.size).toBe(1);
  });
});

describe("readSessionToken", () => {
  it("reads next-auth's cookie, secure name first", () => {
    expect(readSessionToken("a=1; next-auth.session-token=abc")).toBe("abc");
    expect(readSessionToken("__Secure-next-auth.session-token=s; next-auth.session-token=p")).toBe("s");
  });
  it("returns null without the cookie", () => {
    expect(readSessionToken(undefined)).toBeNull();
    expect(readSessionToken("other=1")).toBeNull();
  });
});
