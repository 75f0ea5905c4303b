import { createHash, timingSafeEqual } from "node:crypto";
import { SERVICE_TOKEN_MIN_LENGTH, serviceTokenScheme } from "@clustercord/contracts";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * True when an Authorization header carries the worker's service token.
 * Compared as fixed-length digests in constant time.
 */
export function isServiceToken(header: string | undefined, expected: string): boolean {
  if (!header || expected.length < SERVICE_TOKEN_MIN_LENGTH) return false;
  const prefix = `${serviceTokenScheme} `;
  if (!header.startsWith(prefix)) return false;
  return timingSafeEqual(digest(header.slice(prefix.length)), digest(expected));
}

export function serviceAuthorization(token: string): string {
  return `${serviceTokenScheme} ${token}`;
}
