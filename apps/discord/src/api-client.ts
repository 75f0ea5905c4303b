import type { AppRouter } from "@clustercord/api";
import { signServiceRequest } from "@clustercord/contracts/service-signing";
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
 * tRPC clients that call the API as the worker on behalf of one Discord user
 * in one guild. Every request is signed (method, path, body, actor, time,
 * nonce) with the service token, which itself is never sent: a request seen
 * in a log can be neither altered nor replayed. One client per interaction
 * keeps the actor fixed for that interaction's calls.
 */
/**
 * Procedures that wait on the cluster by design (dry-running 500 objects,
 * applying in order while CRDs become Established, a fix and its re-audit,
 * a CSV of up to 400 days of cost rows, a snapshot's diff against the live
 * cluster, its restore dry-run and restore, a secret's rotation or restore
 * re-applied everywhere it is applied, with its Deployments restarted):
 * the interaction is deferred, so the worker waits for the real answer.
 */
const SLOW_PROCEDURES =
  /\/(manifests\.(validate|planApply|apply)|policies\.(planFix|fix|report|audit)|cost\.export|snapshots\.(diff|planRestore|restore)|secrets\.(rotate|restoreVersion))$/;
const SLOW_TIMEOUT_MS = 90_000;

export function createApiClient(options: ApiClientOptions): ApiClientFactory {
  const url = `${options.apiUrl.replace(/\/+$/, "")}/api/trpc`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const signedFetch =
    (actor: Actor): typeof fetch =>
    (input, init) => {
      const target = new URL(input instanceof Request ? input.url : String(input));
      const method = init?.method ?? "GET";
      const body = typeof init?.body === "string" ? init.body : "";
      const headers = new Headers(init?.headers);
      const signed = signServiceRequest(options.serviceToken, {
        method,
        path: `${target.pathname}${target.search}`,
        body,
        actorUser: actor.userId,
        actorGuild: actor.guildId,
      });
      for (const [name, value] of Object.entries(signed)) headers.set(name, value);
      const timeout = AbortSignal.timeout(
        SLOW_PROCEDURES.test(target.pathname) ? Math.max(timeoutMs, SLOW_TIMEOUT_MS) : timeoutMs,
      );
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      return fetch(target, { ...init, method, headers, signal });
    };
  return {
    forActor(actor) {
      return createTRPCClient<AppRouter>({ links: [httpLink({ url, fetch: signedFetch(actor) })] });
    },
  };
}
