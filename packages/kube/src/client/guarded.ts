import type http from "node:http";
import type https from "node:https";
import type { ConnectionOptions } from "node:tls";
import type { OutboundGuard } from "@clustercord/outbound";
import { KubeConfig } from "@kubernetes/client-node";

type RequestContext = Parameters<KubeConfig["applySecurityAuthentication"]>[0];
type HttpsOptions = Parameters<KubeConfig["applyToHTTPSOptions"]>[0];
type ClientNodeDispatcher = Parameters<RequestContext["setDispatcher"]>[0];

/** The TLS material client-node put into request options, for the guard's agents. */
function tlsOf(opts: HttpsOptions): ConnectionOptions {
  const o = opts as https.RequestOptions;
  const tls: ConnectionOptions = {};
  if (o.ca !== undefined) tls.ca = o.ca;
  if (o.cert !== undefined) tls.cert = o.cert;
  if (o.key !== undefined) tls.key = o.key;
  if (o.servername !== undefined) tls.servername = o.servername;
  if (o.rejectUnauthorized !== undefined) tls.rejectUnauthorized = o.rejectUnauthorized;
  return tls;
}

/**
 * A KubeConfig whose every connection goes through the outbound guard:
 * REST calls and watches (undici, via the request context's dispatcher),
 * logs (node:https) and exec (WebSocket), both via the agent
 * `applyToHTTPSOptions` hands out. Redirects are never followed and each
 * dialled address is judged against the operator's policy.
 */
export class GuardedKubeConfig extends KubeConfig {
  #dispatcher: ClientNodeDispatcher | undefined;
  #agent: http.Agent | undefined;

  constructor(private readonly guard: OutboundGuard) {
    super();
  }

  /** The cluster's URL, judged up front (scheme, IP literal); names are judged when dialled. */
  private target() {
    const cluster = this.getCurrentCluster();
    const url = this.guard.checkUrl(cluster?.server ?? "");
    return { url, proxyUrl: cluster?.proxyUrl || undefined };
  }

  /** Plain http has no TLS: nothing of client-node's TLS settings applies to it. */
  private targetOptions(url: URL, proxyUrl: string | undefined, opts: HttpsOptions) {
    return { tls: url.protocol === "https:" ? tlsOf(opts) : {}, proxyUrl };
  }

  /**
   * REST and watches. Headers come from applyToHTTPSOptions, the one place
   * that sets credentials (and, in subclasses, impersonation), so REST,
   * logs and exec cannot differ; the dispatcher is the guard's.
   */
  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    const opts: https.RequestOptions = {};
    await this.applyToHTTPSOptions(opts);
    for (const [name, value] of Object.entries(opts.headers ?? {}))
      context.setHeaderParam(name, String(value));
    if (opts.auth)
      context.setHeaderParam("Authorization", `Basic ${Buffer.from(opts.auth).toString("base64")}`);
    if (!this.#dispatcher) {
      const { url, proxyUrl } = this.target();
      // Same dispatch protocol (undici 8) as client-node's own copy of undici; only the type identities differ.
      this.#dispatcher = this.guard.dispatcher(
        this.targetOptions(url, proxyUrl, opts),
      ) as unknown as ClientNodeDispatcher;
    }
    context.setDispatcher(this.#dispatcher);
  }

  /** Logs (node:https) and exec (ws): client-node's options, with the guard's agent. */
  override async applyToHTTPSOptions(opts: HttpsOptions): Promise<void> {
    await super.applyToHTTPSOptions(opts);
    if (!this.#agent) {
      const { url, proxyUrl } = this.target();
      this.#agent = this.guard.agent(
        url.protocol === "http:" ? "http:" : "https:",
        this.targetOptions(url, proxyUrl, opts),
      );
    }
    (opts as https.RequestOptions).agent = this.#agent;
  }
}
