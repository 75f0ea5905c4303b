/** next-auth's session cookie: `__Secure-` prefixed when served over HTTPS. */
export const sessionCookieNames = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/** The session token from a Cookie header, or null. */
export function readSessionToken(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  const cookies = new Map<string, string>();
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  for (const name of sessionCookieNames) {
    const value = cookies.get(name);
    if (value) return value;
  }
  return null;
}
