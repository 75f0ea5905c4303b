import type { IncomingMessage } from "node:http";
import {
  type CredentialCipher,
  type DiscordDirectory,
  isServiceToken,
  readSessionToken,
} from "@clustercord/auth";
import { AppError, Snowflake, serviceHeaders } from "@clustercord/contracts";
import { findActiveSession, type PrismaClient } from "@clustercord/db";
import type { ResourceCaches } from "@clustercord/kube";
import type { NotificationsDeps } from "./services/notify/deps";

export interface ApiDeps {
  prisma: PrismaClient;
  directory: DiscordDirectory;
  /** Shared secret of the Discord worker. */
  serviceToken: string;
  /** Seals and opens stored cluster credentials. */
  cipher: CredentialCipher;
  /** Signs plan-then-confirm tokens for destructive actions. */
  confirmationKey: Buffer;
  /** Watch-backed caches, one per cluster and resource type, shared by every reader (ClusterCord's own credentials). */
  caches: ResourceCaches;
  /** The notify service's parts the notification procedures use; without it email is unavailable. */
  notifications?: NotificationsDeps;
}

/** Who is calling, as established from the request (not yet authorized). */
export type Identity =
  | { via: "web"; userId: string; sessionToken: string; guildId: string | null }
  | { via: "discord"; userId: string; guildId: string | null };

export interface Context extends ApiDeps {
  identity: Identity | null;
  /** Why the request's credentials were refused, if they were. */
  rejected: AppError | null;
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Reads the caller from a browser session cookie or from the worker's service
 * token plus actor headers. Client-supplied identity headers are honoured
 * only together with a valid service token.
 */
export async function identify(deps: ApiDeps, req: IncomingMessage): Promise<Context> {
  const authorization = header(req, serviceHeaders.authorization);
  if (authorization) {
    if (!isServiceToken(authorization, deps.serviceToken)) {
      return {
        ...deps,
        identity: null,
        rejected: new AppError("UNAUTHORIZED", { userMessage: "Invalid service credentials." }),
      };
    }
    const user = Snowflake.safeParse(header(req, serviceHeaders.actorUser));
    const guildHeader = header(req, serviceHeaders.actorGuild);
    const guild = guildHeader ? Snowflake.safeParse(guildHeader) : null;
    if (!user.success || (guild && !guild.success)) {
      return {
        ...deps,
        identity: null,
        rejected: new AppError("BAD_REQUEST", {
          userMessage: `The ${serviceHeaders.actorUser} and ${serviceHeaders.actorGuild} headers must be Discord ids.`,
        }),
      };
    }
    return {
      ...deps,
      identity: { via: "discord", userId: user.data, guildId: guild?.data ?? null },
      rejected: null,
    };
  }
  const token = readSessionToken(header(req, "cookie"));
  const session = token ? await findActiveSession(deps.prisma, token) : null;
  return {
    ...deps,
    identity: session
      ? {
          via: "web",
          userId: session.userId,
          sessionToken: session.sessionToken,
          guildId: session.activeGuildId,
        }
      : null,
    rejected: null,
  };
}
