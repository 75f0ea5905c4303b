import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, setSecurityHeaders } from "../src/server/security";

const discordWebBase = "https://discord.com/oauth2";
const directive = (csp: string, name: string) =>
  csp
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `)) ?? "";

describe("content security policy", () => {
  it("runs only scripts with this response's nonce: no 'unsafe-inline' or eval for scripts", () => {
    const csp = contentSecurityPolicy({ nonce: "abc123==", discordWebBase, dev: false });
    const scripts = directive(csp, "script-src");
    expect(scripts).toBe("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(scripts).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    // Styles keep 'unsafe-inline' (style attributes) and so carry no nonce.
    expect(directive(csp, "style-src")).toBe("style-src 'self' 'unsafe-inline'");
    expect(directive(csp, "form-action")).toBe("form-action 'self' https://discord.com");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
  });

  it("allows eval only in Next's development mode", () => {
    const csp = contentSecurityPolicy({ nonce: "abc123==", discordWebBase, dev: true });
    expect(directive(csp, "script-src")).toBe(
      "script-src 'self' 'nonce-abc123==' 'strict-dynamic' 'unsafe-eval'",
    );
  });

  it("makes a fresh 128-bit nonce in the alphabet Next.js accepts", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    }
  });

  it("hands Next.js its own nonce, never one the client sent", () => {
    const req = new IncomingMessage(new Socket());
    req.headers["content-security-policy"] = "script-src 'nonce-chosen-by-attacker'";
    req.headers["content-security-policy-report-only"] = "script-src 'nonce-chosen-by-attacker'";
    const res = new ServerResponse(req);
    setSecurityHeaders(req, res, { discordWebBase, secure: false, dev: false });
    const sent = String(res.getHeader("content-security-policy"));
    expect(sent).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]+={0,2}' 'strict-dynamic'/);
    expect(req.headers["content-security-policy"]).toBe(sent);
    expect(req.headers["content-security-policy-report-only"]).toBeUndefined();
    expect(JSON.stringify(req.headers)).not.toContain("attacker");

    const again = new ServerResponse(req);
    setSecurityHeaders(req, again, { discordWebBase, secure: false, dev: false });
    expect(again.getHeader("content-security-policy")).not.toBe(sent);
  });
});
