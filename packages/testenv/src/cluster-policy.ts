import { type OutboundPolicy, PUBLIC_ONLY, parseAllowedNetworks } from "@clustercord/outbound";

/**
 * The local control plane listens on 127.0.0.1 only: tests, the demo and the
 * benchmark allow exactly that network for clusters, nothing wider.
 */
export const LOCAL_CLUSTER_NETWORKS = "127.0.0.1/32";

/** The operator policy for tests against the local control plane (see LOCAL_CLUSTER_NETWORKS). */
export const localClusterPolicy: OutboundPolicy = Object.freeze({
  ...PUBLIC_ONLY,
  allowedNetworks: parseAllowedNetworks(LOCAL_CLUSTER_NETWORKS),
});

/** Chart repositories and the ArtifactHub stand-in serve plain http on 127.0.0.1: allowed there, nowhere else. */
export const localChartPolicy: OutboundPolicy = Object.freeze({
  ...PUBLIC_ONLY,
  allowedNetworks: parseAllowedNetworks(LOCAL_CLUSTER_NETWORKS),
  allowPlainHttp: true,
});
