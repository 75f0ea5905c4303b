/**
 * How the Discord worker calls the API on behalf of a person: a shared
 * service token plus the acting Discord user and guild. The API verifies the
 * token and resolves the user's membership and role itself.
 */
export const serviceHeaders = {
  authorization: "authorization",
  actorUser: "x-clustercord-actor-user",
  actorGuild: "x-clustercord-actor-guild",
} as const;

export const serviceTokenScheme = "ClusterCord-Service";
export const SERVICE_TOKEN_MIN_LENGTH = 32;
