import { type AddressClass, classifyIp, describeClass, type NormalizedIp, normalizeIp } from "./addresses";
import { type AllowedNetworks, NO_PRIVATE_NETWORKS } from "./networks";

/**
 * What an operator lets user-influenced requests do. Guild admins and
 * uploaded files never widen it; only the server's own settings do.
 */
export interface OutboundPolicy {
  /** Non-public networks that may be dialled anyway (self-hosted clusters, the local control plane). */
  allowedNetworks: AllowedNetworks;
  /** Whether a target may name its own proxy (then the proxy, not we, picks the final address). */
  allowProxy: boolean;
  /** Whether plain http:// targets are accepted (credentials travel unencrypted). */
  allowPlainHttp: boolean;
  /** Whether a target may turn TLS certificate verification off. */
  allowInsecureTls: boolean;
}

/** The default: public addresses only, https only, verified TLS, no proxies. */
export const PUBLIC_ONLY: OutboundPolicy = Object.freeze({
  allowedNetworks: NO_PRIVATE_NETWORKS,
  allowProxy: false,
  allowPlainHttp: false,
  allowInsecureTls: false,
});

export type AddressVerdict =
  | { allowed: true; ip: NormalizedIp }
  | { allowed: false; ip: NormalizedIp; cls: Exclude<AddressClass, "public"> };

/** Whether `ip` may be dialled: public, or inside a network the operator allowed. */
export function judgeAddress(policy: OutboundPolicy, ip: NormalizedIp): AddressVerdict {
  if (policy.allowedNetworks.contains(ip)) return { allowed: true, ip };
  const cls = classifyIp(ip);
  return cls === "public" ? { allowed: true, ip } : { allowed: false, ip, cls };
}

/**
 * For an IP-literal host: the verdict (Node dials literals without a lookup,
 * so they must be judged here). For a DNS name: null, judged on resolution.
 */
export function judgeLiteralHost(policy: OutboundPolicy, host: string): AddressVerdict | null {
  const ip = normalizeIp(host);
  return ip ? judgeAddress(policy, ip) : null;
}

/** "127.0.0.1 is a loopback address" / "::ffff:10.0.0.1 (IPv4-mapped IPv6 of 10.0.0.1) is a private address". */
export function describeRefusedLiteral(host: string, verdict: AddressVerdict & { allowed: false }): string {
  const shown = host.replace(/^\[|\]$/g, "").slice(0, 64);
  const via =
    verdict.ip.unwrappedFrom && shown !== verdict.ip.address
      ? ` (${verdict.ip.unwrappedFrom} of ${verdict.ip.address})`
      : "";
  return `${shown}${via} is ${describeClass(verdict.cls)}`;
}
