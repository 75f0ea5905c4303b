import {
  createOutboundGuard,
  type OutboundGuard,
  type OutboundPolicy,
  type Resolver,
} from "@clustercord/outbound";

/**
 * The operator settings that widen what a cluster may be (parsed in
 * apps/web/src/server/env.ts). Refusals name them so the person who reads
 * one knows it is an operator's decision and which setting it is.
 */
export const CLUSTER_POLICY_SETTINGS = {
  networks: "CLUSTERCORD_ALLOWED_CLUSTER_NETWORKS",
  proxy: "CLUSTERCORD_ALLOW_CLUSTER_PROXY",
  plainHttp: "CLUSTERCORD_ALLOW_PLAIN_HTTP_CLUSTERS",
  insecureTls: "CLUSTERCORD_ALLOW_INSECURE_CLUSTER_TLS",
} as const;

/**
 * The guard every connection to a cluster goes through. `resolve` is for
 * tests only (a name that resolves to 169.254.169.254 without a DNS server).
 */
export function createClusterGuard(
  policy: OutboundPolicy,
  options: { resolve?: Resolver } = {},
): OutboundGuard {
  return createOutboundGuard(policy, { ...options, settingNames: CLUSTER_POLICY_SETTINGS });
}
