import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import {
  SERVICE_SIGNATURE_WINDOW_MS,
  SERVICE_TOKEN_MIN_LENGTH,
  serviceHeaders,
  serviceTokenScheme,
} from "@clustercord/contracts";
import { serviceSignature, serviceSigningString } from "@clustercord/contracts/service-signing";

/**
 * Nonces of accepted signed requests, kept for twice the window (a request
 * older than the window is refused by its timestamp anyway). In memory, per
 * process: with several API processes behind a load balancer this moves to
 * Redis (SET NX with expiry), so a request replayed to another process is
 * refused too.
 */
export class NonceCache {
  private readonly expiries = new Map<string, number>();

  /** False when the nonce was seen before; otherwise remembers it until `expiresAt`. */
  useOnce(nonce: string, expiresAt: number, now: number): boolean {
    this.prune(now);
    if (this.expiries.has(nonce)) return false;
    this.expiries.set(nonce, expiresAt);
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }

  /** Entries go in roughly in expiry order, so expired ones sit at the front. */
  private prune(now: number) {
    for (const [nonce, expiresAt] of this.expiries) {
      if (expiresAt > now) break;
      this.expiries.delete(nonce);
    }
  }
}

const processNonces = new NonceCache();

export interface IncomingServiceRequest {
  method?: string;
  /** Path and query as received. */
  url?: string;
  headers: IncomingHttpHeaders;
}

export type ServiceVerification =
  | { ok: true; actorUser: string | undefined; actorGuild: string | undefined }
  | { ok: false; problem: string };

const one = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** True when a request claims to come from the worker (signed, or the old bearer scheme). */
export function isServiceRequest(headers: IncomingHttpHeaders): boolean {
  return one(headers, serviceHeaders.signature) !== undefined || one(headers, "authorization") !== undefined;
}

/**
 * Checks a worker request signed with `signServiceRequest`: a valid HMAC over
 * method, path, body hash, actor and timestamp, a timestamp inside the 60 s
 * window, and a nonce never used before. Problems are named for the log and
 * the worker; no header value is echoed.
 */
export function verifyServiceRequest(
  req: IncomingServiceRequest,
  body: string,
  options: { token: string; now?: number; nonces?: NonceCache },
): ServiceVerification {
  const now = options.now ?? Date.now();
  if (options.token.length < SERVICE_TOKEN_MIN_LENGTH) {
    return { ok: false, problem: "The API has no valid service token configured." };
  }
  const signature = one(req.headers, serviceHeaders.signature);
  if (signature === undefined) {
    const legacy = one(req.headers, "authorization")?.startsWith(`${serviceTokenScheme} `);
    return {
      ok: false,
      problem: legacy
        ? "Unsigned service tokens are refused: the worker must sign its requests."
        : `Service requests need the ${serviceHeaders.signature} header.`,
    };
  }
  const timestamp = one(req.headers, serviceHeaders.timestamp) ?? "";
  const nonce = one(req.headers, serviceHeaders.nonce) ?? "";
  if (!/^\d{1,16}$/.test(timestamp)) {
    return { ok: false, problem: `The ${serviceHeaders.timestamp} header must be milliseconds since 1970.` };
  }
  if (Math.abs(now - Number(timestamp)) > SERVICE_SIGNATURE_WINDOW_MS) {
    return {
      ok: false,
      problem: `The signed request is older than ${SERVICE_SIGNATURE_WINDOW_MS / 1000} s (or from the future); check the worker's clock.`,
    };
  }
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(nonce)) {
    return { ok: false, problem: `The ${serviceHeaders.nonce} header must be 16-128 url-safe characters.` };
  }
  const actorUser = one(req.headers, serviceHeaders.actorUser);
  const actorGuild = one(req.headers, serviceHeaders.actorGuild);
  const expected = serviceSignature(
    options.token,
    serviceSigningString(
      {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        body,
        actorUser: actorUser ?? "",
        actorGuild: actorGuild ?? null,
      },
      timestamp,
      nonce,
    ),
  );
  // Equal lengths first (timingSafeEqual throws otherwise); a 64-hex-digit length is no secret.
  const given = Buffer.from(signature, "utf8");
  const wanted = Buffer.from(expected, "utf8");
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return { ok: false, problem: "The service request's signature does not match." };
  }
  // Only after the signature holds, so forged requests cannot fill the cache.
  const nonces = options.nonces ?? processNonces;
  if (!nonces.useOnce(nonce, Number(timestamp) + 2 * SERVICE_SIGNATURE_WINDOW_MS, now)) {
    return { ok: false, problem: "This signed request was already used; replays are refused." };
  }
  return { ok: true, actorUser, actorGuild };
}
