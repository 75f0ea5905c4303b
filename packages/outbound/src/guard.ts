import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { ConnectionOptions } from "node:tls";
import { HttpProxyAgent, HttpsProxyAgent } from "hpagent";
import { Agent, buildConnector, type Dispatcher, ProxyAgent } from "undici";
import { createGuardedLookup, type Resolver } from "./lookup";
import { describeRefusedLiteral, judgeLiteralHost, type OutboundPolicy } from "./policy";
import { refuseRedirects } from "./redirects";
import { OutboundRefusal } from "./refusal";

/** Names of the operator settings that widen the policy, quoted in refusals so an operator knows what to change. */
export interface PolicySettingNames {
  networks?: string;
  proxy?: string;
  plainHttp?: string;
  insecureTls?: string;
}

export interface OutboundGuardOptions {
  settingNames?: PolicySettingNames;
  /**
   * Tests only: answers DNS in place of the system resolver, so a test can
   * have a name resolve to 169.254.169.254 without owning a DNS server.
   * Everything after the answer (judging, dialling) is the same code.
   */
  resolve?: Resolver;
}

/** What one target needs besides its URL. */
export interface TargetOptions {
  /** CA, client certificate and key, servername, rejectUnauthorized. */
  tls?: ConnectionOptions;
  /** A proxy named by the target (refused unless the policy allows proxies). */
  proxyUrl?: string | undefined;
}

/**
 * THE guard in front of every outbound connection a user can influence
 * (clusters now; chart repositories, OpenCost, LLM APIs, object stores).
 * Every connection is judged when it is dialled: IP literals directly, names
 * through a lookup that only returns allowed addresses. Redirects are never
 * followed. Build one per policy and hand it down; there is no default.
 */
export interface OutboundGuard {
  readonly policy: OutboundPolicy;
  /** For net/tls/http(s).Agent and undici connect options; refuses disallowed answers. */
  readonly lookup: LookupFunction;
  /** Early refusal of what no dial could fix: scheme, IP-literal host. Names are judged when dialled. */
  checkUrl(url: string | URL): URL;
  /** An undici dispatcher (for fetch and client-node's REST and watches). */
  dispatcher(target?: TargetOptions): Dispatcher;
  /** A node:http(s) Agent with the same checks (node:https requests, WebSocket via ws). */
  agent(protocol: "http:" | "https:", target?: TargetOptions): http.Agent;
}

export function createOutboundGuard(
  policy: OutboundPolicy,
  options: OutboundGuardOptions = {},
): OutboundGuard {
  const names = options.settingNames ?? {};
  const operator = (setting: string | undefined) =>
    setting ? `an operator can allow it with ${setting}` : "an operator setting is needed to allow it";
  const networksHint = `only public addresses are allowed unless an operator allows the network${names.networks ? ` in ${names.networks}` : ""}`;
  const lookup = createGuardedLookup(policy, { hint: networksHint, resolve: options.resolve });

  /** The refusal for dialling `host` over `protocol`, or null. Names pass here: the lookup judges them. */
  function dialRefusal(protocol: string, host: string | null | undefined): OutboundRefusal | null {
    if (protocol === "http:" && !policy.allowPlainHttp) {
      return new OutboundRefusal(
        "scheme",
        `plain http:// is not allowed; use https:// (${operator(names.plainHttp)})`,
      );
    }
    const verdict = host ? judgeLiteralHost(policy, host) : null;
    if (verdict && !verdict.allowed) {
      return new OutboundRefusal(
        "address",
        `${describeRefusedLiteral(host ?? "", verdict)}; ${networksHint}`,
      );
    }
    return null;
  }

  function checkUrl(input: string | URL): URL {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new OutboundRefusal("scheme", "the address is not an absolute URL");
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new OutboundRefusal("scheme", "only https:// addresses are accepted");
    }
    const refusal = dialRefusal(url.protocol, url.hostname);
    if (refusal) throw refusal;
    return url;
  }

  function checkTarget(target: TargetOptions): void {
    if (target.tls?.rejectUnauthorized === false && !policy.allowInsecureTls) {
      throw new OutboundRefusal(
        "tls",
        `TLS verification cannot be turned off (${operator(names.insecureTls)})`,
      );
    }
    if (target.proxyUrl === undefined) return;
    if (!policy.allowProxy) {
      throw new OutboundRefusal(
        "proxy",
        `a proxy is not allowed: through one, ClusterCord cannot check which address it reaches (${operator(names.proxy)})`,
      );
    }
    let proxy: URL;
    try {
      proxy = new URL(target.proxyUrl);
    } catch {
      throw new OutboundRefusal("proxy", "the proxy is not an absolute URL");
    }
    if (proxy.protocol !== "http:" && proxy.protocol !== "https:") {
      throw new OutboundRefusal("proxy", "only http:// and https:// proxies are accepted");
    }
    // The proxy itself is dialled by us: a literal is judged now, a name by the lookup.
    const verdict = judgeLiteralHost(policy, proxy.hostname);
    if (verdict && !verdict.allowed) {
      throw new OutboundRefusal(
        "address",
        `the proxy ${describeRefusedLiteral(proxy.hostname, verdict)}; ${networksHint}`,
      );
    }
  }

  function dispatcher(target: TargetOptions = {}): Dispatcher {
    checkTarget(target);
    const tls = target.tls ?? {};
    if (target.proxyUrl !== undefined) {
      return new ProxyAgent({ uri: target.proxyUrl, requestTls: tls, proxyTls: { lookup } }).compose(
        refuseRedirects,
      );
    }
    // keepAliveInitialDelay 30 s as client-go and client-node use (load balancers drop idle flows at 60 s).
    const base = buildConnector({ ...tls, lookup, keepAlive: true, keepAliveInitialDelay: 30_000 });
    const connect: buildConnector.connector = (opts, callback) => {
      const refusal = dialRefusal(opts.protocol, opts.hostname);
      if (refusal) queueMicrotask(() => callback(refusal, null));
      else base(opts, callback);
    };
    return new Agent({ connect }).compose(refuseRedirects);
  }

  function agent(protocol: "http:" | "https:", target: TargetOptions = {}): http.Agent {
    checkTarget(target);
    const tls = target.tls ?? {};
    let made: http.Agent;
    if (target.proxyUrl !== undefined) {
      // hpagent spreads proxyRequestOptions into the CONNECT request, so the proxy is dialled through our lookup
      // (its types list only a few request options).
      const proxyRequestOptions = { lookup } as Record<string, unknown>;
      const proxied = { ...tls, proxy: target.proxyUrl, proxyRequestOptions };
      made = protocol === "https:" ? new HttpsProxyAgent(proxied) : new HttpProxyAgent(proxied);
    } else made = protocol === "https:" ? new https.Agent({ ...tls, lookup }) : new http.Agent({ lookup });
    // Node dials an IP-literal host without calling lookup: judge it before the socket exists.
    const create = made.createConnection.bind(made);
    made.createConnection = (opts, callback) => {
      const refusal = dialRefusal(protocol, opts.host ?? opts.hostname);
      if (!refusal) return create(opts, callback);
      process.nextTick(() => callback?.(refusal, undefined as never));
      return undefined;
    };
    return made;
  }

  return { policy, lookup, checkUrl, dispatcher, agent };
}
