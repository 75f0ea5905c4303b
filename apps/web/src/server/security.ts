import type { IncomingMessage, ServerResponse } from "node:http";

/** Headers on every response, pages and API alike. */
export function setSecurityHeaders(
  res: ServerResponse,
  options: { discordWebBase: string; secure: boolean },
) {
  const csp = [
    "default-src 'self'",
    // Next.js inlines its bootstrap scripts and styles.
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https://cdn.discordapp.com",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${new URL(options.discordWebBase).origin}`,
    "frame-ancestors 'none'",
  ].join("; ");
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
