import type { AppRouter } from "@clustercord/api";
import { serviceHeaders, serviceTokenScheme } from "@clustercord/contracts";
import { createTRPCClient, httpLink, type TRPCClient } from "@trpc/client";

/** The person (and guild) a call is made for; the API resolves their role itself. */
export interface Actor {
  userId: string;
  guildId: string | null;
}

export type ApiClient = TRPCClient<AppRouter>;

export interface ApiClientOptions {
  /** ClusterCord's base URL; procedures are under `/api/trpc`. */
  apiUrl: string;
  serviceToken: string;
  /** Per call; Discord's interaction token outlives this by far, but people do not wait. */
  timeoutMs?: number;
}

export interface ApiClientFactory {
  forActor(actor: Actor): ApiClient;
}

/**
 * tRPC clients that call the API as the worker (service token) on behalf of
 * one Discord user in one guild. One client per interaction keeps the actor
 * headers fixed for that interaction's calls.
 */
export function createApiClient(options: ApiClientOptions): ApiClientFactory {
  const url = `${options.apiUrl.replace(/\/+$/, "")}/api/trpc`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const fetchWithTimeout: typeof fetch = (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
  return {
    forActor(actor) {
      const headers: Record<string, string> = {
        [serviceHeaders.authorization]: `${serviceTokenScheme} ${options.serviceToken}`,
        [serviceHeaders.actorUser]: actor.userId,
      };
      if (actor.guildId) headers[serviceHeaders.actorGuild] = actor.guildId;
      return createTRPCClient<AppRouter>({
        links: [httpLink({ url, headers, fetch: fetchWithTimeout })],
      });
    },
  };
}
