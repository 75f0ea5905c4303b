import { describe, expect, it } from "vitest";
import { isServiceToken, serviceAuthorization } from "../src/service-token";
import { readSessionToken } from "../src/session-cookie";

const token = "a".repeat(40);

describe("isServiceToken", () => {
  it("accepts the configured token in our scheme", () => {
    expect(isServiceToken(serviceAuthorization(token), token)).toBe(true);
  });
  it("refuses other tokens, other schemes and missing headers", () => {
    expect(isServiceToken(serviceAuthorization("b".repeat(40)), token)).toBe(false);
    expect(isServiceToken(serviceAuthorization(`${token}x`), token)).toBe(false);
    expect(isServiceToken(`Bearer ${token}`, token)).toBe(false);
    expect(isServiceToken(undefined, token)).toBe(false);
  });
  it("refuses everything when the configured token is too short", () => {
    expect(isServiceToken(serviceAuthorization("short"), "short")).toBe(false);
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
