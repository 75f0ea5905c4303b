import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface CspOptions {
  /** Fresh for every response; Next.js puts it on the scripts it renders. */
  nonce: string;
  discordWebBase: string;
  /** Next.js development mode: React's debugging aids need eval. */
  dev: boolean;
}

/** The Content-Security-Policy of one response. Pure: the caller brings the nonce. */
export function contentSecurityPolicy({ nonce, discordWebBase, dev }: CspOptions): string {
  return [
    "default-src 'self'",
    // Only scripts carrying this response's nonce run, plus what they load
    // ('strict-dynamic': Next's chunk loader); 'self' is the fallback for
    // browsers without 'strict-dynamic', which ignore it otherwise.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Styles keep 'unsafe-inline': React renders style attributes (table
    // sizes and offsets), which cannot carry a nonce, and a nonce in this
    // directive would switch 'unsafe-inline' off.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https://cdn.discordapp.com",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${new URL(discordWebBase).origin}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64 (the alphabet Next.js accepts in a nonce). */
export const createNonce = () => randomBytes(16).toString("base64");

/**
 * Headers on every response, pages and API alike, with a fresh CSP nonce.
 * Next.js reads the nonce from the request's CSP header, so the request gets
 * ours too (replacing whatever the client sent).
 */
export function setSecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  options: { discordWebBase: string; secure: boolean; dev: boolean },
) {
  const { discordWebBase, dev } = options;
  const csp = contentSecurityPolicy({ nonce: createNonce(), discordWebBase, dev });
  req.headers["content-security-policy"] = csp;
  delete req.headers["content-security-policy-report-only"]; // Next.js falls back to it
  res.setHeader("Content-Security-Policy", csp);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (options.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

/**
 * Cookie-authenticated API calls must come from our own pages. Browsers send
 * Origin on cross-site POSTs; a foreign one is refused (no CORS is granted).
 */
export function isForeignOrigin(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  return typeof origin === "string" && !allowedOrigins.includes(origin);
}
