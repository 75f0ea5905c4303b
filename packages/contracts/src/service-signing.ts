/**
 * Signing of the worker's API requests (Node only: node:crypto; not exported
 * from the package's browser-safe index). The worker and test helpers sign
 * with `signServiceRequest`; the API verifies with `verifyServiceRequest`
 * from @clustercord/auth, which rebuilds the same string.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { serviceHeaders } from "./service";

export interface ServiceRequest {
  method: string;
  /** Path and query exactly as sent, e.g. `/api/trpc/me.get?input=...`. */
  path: string;
  /** The raw body ("" for GET). */
  body: string;
  actorUser: string;
  actorGuild: string | null;
}

export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The exact text that is signed; one field a line, so no field can run into the next. */
export function serviceSigningString(request: ServiceRequest, timestamp: string, nonce: string): string {
  return [
    request.method.toUpperCase(),
    request.path,
    sha256Hex(request.body),
    request.actorUser,
    request.actorGuild ?? "",
    timestamp,
    nonce,
  ].join("\n");
}

export const serviceSignature = (token: string, signingString: string) =>
  createHmac("sha256", token).update(signingString, "utf8").digest("hex");

/** The headers that make one request from the worker: actor, timestamp, nonce and signature. */
export function signServiceRequest(
  token: string,
  request: ServiceRequest,
  options: { now?: number; nonce?: string } = {},
): Record<string, string> {
  const timestamp = String(options.now ?? Date.now());
  const nonce = options.nonce ?? randomBytes(18).toString("base64url");
  const headers: Record<string, string> = {
    [serviceHeaders.actorUser]: request.actorUser,
    [serviceHeaders.timestamp]: timestamp,
    [serviceHeaders.nonce]: nonce,
    [serviceHeaders.signature]: serviceSignature(token, serviceSigningString(request, timestamp, nonce)),
  };
  if (request.actorGuild) headers[serviceHeaders.actorGuild] = request.actorGuild;
  return headers;
}
