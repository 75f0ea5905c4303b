import type { IncomingMessage } from "node:http";
import {
  type CredentialCipher,
  type DiscordDirectory,
  type EnvelopeCipher,
  isServiceRequest,
  readSessionToken,
  verifyServiceRequest,
} from "@clustercord/auth";
import { AppError, Snowflake, serviceHeaders } from "@clustercord/contracts";
import { findActiveSession, type PrismaClient } from "@clustercord/db";
import type { ResourceCaches } from "@clustercord/kube";
import type { OutboundGuard } from "@clustercord/outbound";
import { defaultLogger, type Logger, type Metrics, requestIdOf } from "@clustercord/telemetry";
import type { AiDeps } from "./ai-deps";
import type { RateLimiter } from "./rate-limit";
import type { JobFollower } from "./services/jobs";
import type { NotificationsDeps } from "./services/notify/deps";
import type { SnapshotsDeps } from "./services/snapshot-deps";

export interface ApiDeps {
  prisma: PrismaClient;
  directory: DiscordDirectory;
  /** Shared secret of the Discord worker: the key its requests are signed with (never sent). */
  serviceToken: string;
  /** Seals and opens stored cluster credentials. */
  cipher: CredentialCipher;
  /**
   * Envelope encryption (a fresh data key per item, wrapped by the same keyring as `cipher`): the
   * secrets vault's versions, snapshot archives. Without it the vault says it is not set up.
   */
  envelope?: EnvelopeCipher;
  /** How many versions of each vault secret are kept (VAULT_VERSIONS_KEPT; default 10). */
  vaultVersionsKept?: number;
  /** Signs plan-then-confirm tokens for destructive actions. */
  confirmationKey: Buffer;
  /** Watch-backed caches, one per cluster and resource type, shared by every reader (ClusterCord's own credentials). */
  caches: ResourceCaches;
  /** Every connection to a cluster goes through it: the operator's network policy, no redirects. */
  clusterGuard: OutboundGuard;
  /** Token buckets per person and guild; createApiHandler makes one per process when absent. */
  rateLimiter?: RateLimiter;
  /** The notify service's parts the notification procedures use; without it email is unavailable. */
  notifications?: NotificationsDeps;
  /** The process's logger; each request and socket gets a child with its `reqId`. Default: JSON to stdout. */
  log?: Logger;
  /** The process's Prometheus series; without it nothing is counted. */
  metrics?: Metrics;
  /** The Discord application (its client id and Discord's web address), for the bot's invite links. */
  discordApp?: { clientId: string; webBase: string };
  /** Helm: the CLI, ArtifactHub, and the guard for chart repositories; without it Helm procedures say it is not set up. */
  helm?: HelmDeps;
  /** AI explanations (diagnostics.ask); without it they are off and nothing is sent anywhere. */
  ai?: AiDeps;
  /** Follows Jobs started by jobs.run/jobs.trigger to their end (the "job done" DM); without it nothing is followed. */
  jobFollower?: JobFollower;
  /** Cluster snapshots: the blob store, the background take, the download links' base; without it they are off. */
  snapshots?: SnapshotsDeps;
}

export interface HelmDeps {
  /** The helm CLI (Helm 3); every operation runs it as the person. */
  binary: string;
  /** ArtifactHub's base URL (https://artifacthub.io); tests point it at the stand-in. */
  artifactHubUrl: string;
  /** Chart repositories and ArtifactHub: no internal addresses, no redirects, unless an operator allows a network. */
  guard: OutboundGuard;
  /** This process's private directory (0700) for Helm's cache/config and temporary kubeconfigs. */
  workDir: string;
  /** Helm's --timeout for operations that wait (an --atomic upgrade rolls back after it). */
  timeoutSeconds: number;
}

/** Who is calling, as established from the request (not yet authorized). */
export type Identity =
  | { via: "web"; userId: string; sessionToken: string; guildId: string | null }
  | { via: "discord"; userId: string; guildId: string | null };

export interface Context extends ApiDeps {
  identity: Identity | null;
  /** Why the request's credentials were refused, if they were. */
  rejected: AppError | null;
  /** This request's (or socket's) logger: every line carries its `reqId`. */
  log: Logger;
}

/** The logger for one request or socket: its id (x-request-id, or a new one) on every line. */
export const requestLogger = (deps: ApiDeps, req: IncomingMessage): Logger =>
  (deps.log ?? defaultLogger()).child({ reqId: requestIdOf(req) });

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The raw body http.ts kept for signature checks ("" for GET and for sockets). */
const rawBody = (req: IncomingMessage) => {
  const body = (req as { body?: unknown }).body;
  return typeof body === "string" ? body : "";
};

/**
 * Reads the caller from a browser session cookie or from the worker's signed
 * request (actor headers, timestamp, nonce, HMAC). Client-supplied identity
 * headers are honoured only inside a valid, unused signature.
 */
export async function identify(deps: ApiDeps, req: IncomingMessage): Promise<Context> {
  const log = requestLogger(deps, req);
  if (isServiceRequest(req.headers)) {
    const verified = verifyServiceRequest(req, rawBody(req), { token: deps.serviceToken });
    if (!verified.ok) {
      return {
        ...deps,
        log,
        identity: null,
        rejected: new AppError("UNAUTHORIZED", {
          message: `service request refused: ${verified.problem}`,
          userMessage: `Invalid service credentials: ${verified.problem}`,
        }),
      };
    }
    const user = Snowflake.safeParse(verified.actorUser);
    const guild = verified.actorGuild ? Snowflake.safeParse(verified.actorGuild) : null;
    if (!user.success || (guild && !guild.success)) {
      return {
        ...deps,
        log,
        identity: null,
        rejected: new AppError("BAD_REQUEST", {
          userMessage: `The ${serviceHeaders.actorUser} and ${serviceHeaders.actorGuild} headers must be Discord ids.`,
        }),
      };
    }
    return {
      ...deps,
      log,
      identity: { via: "discord", userId: user.data, guildId: guild?.data ?? null },
      rejected: null,
    };
  }
  const token = readSessionToken(header(req, "cookie"));
  const session = token ? await findActiveSession(deps.prisma, token) : null;
  return {
    ...deps,
    log,
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
