/**
 * How the Discord worker calls the API on behalf of a person: each request is
 * signed (HMAC-SHA256 keyed by the shared service token) over its method,
 * path, body, the acting Discord user and guild, a timestamp and a nonce. The
 * token itself never travels, so a request seen in a log or on the wire
 * cannot be altered or replayed. The API verifies the signature and resolves
 * the user's membership and role itself. Signing lives in
 * `@clustercord/contracts/service-signing` (Node only).
 */
export const serviceHeaders = {
  /** Only to recognise (and refuse) the old unsigned bearer scheme. */
  authorization: "authorization",
  actorUser: "x-clustercord-actor-user",
  actorGuild: "x-clustercord-actor-guild",
  timestamp: "x-clustercord-timestamp",
  nonce: "x-clustercord-nonce",
  signature: "x-clustercord-signature",
} as const;

/** The old unsigned scheme (`Authorization: ClusterCord-Service <token>`), refused since signing. */
export const serviceTokenScheme = "ClusterCord-Service";
export const SERVICE_TOKEN_MIN_LENGTH = 32;
/** A signed request is accepted this long either side of its timestamp, and only once. */
export const SERVICE_SIGNATURE_WINDOW_MS = 60_000;
