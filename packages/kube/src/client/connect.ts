import type { OutboundGuard } from "@clustercord/outbound";
import type { KubeConfig } from "@kubernetes/client-node";
import type { SelectedContext } from "../kubeconfig";
import { GuardedKubeConfig } from "./guarded";

/**
 * The options of a client configuration built only from a sanitized context:
 * inline CA and credentials, no files, no exec plugins, so nothing from an
 * uploaded kubeconfig can make this server read a path or run a command.
 */
export function kubeConfigOptions(selected: SelectedContext) {
  const c = selected.credentials;
  const user =
    c.kind === "token"
      ? { name: "clustercord", token: c.token }
      : c.kind === "clientCertificate"
        ? { name: "clustercord", certData: c.certData, keyData: c.keyData }
        : { name: "clustercord", username: c.username, password: c.password };
  // client-node refuses http:// unless told to skip TLS verification; there is
  // no TLS on http to verify, and whether http is allowed is the guard's call.
  const plainHttp = selected.server.startsWith("http:");
  return {
    clusters: [
      {
        name: "cluster",
        server: selected.server,
        caData: selected.caData,
        skipTLSVerify: selected.insecureSkipTlsVerify || plainHttp,
        ...(selected.tlsServerName ? { tlsServerName: selected.tlsServerName } : {}),
        ...(selected.proxyUrl ? { proxyUrl: selected.proxyUrl } : {}),
      },
    ],
    users: [user],
    contexts: [{ name: "selected", cluster: "cluster", user: "clustercord", namespace: selected.namespace }],
    currentContext: "selected",
  };
}

/**
 * ClusterCord's own client for a stored context. Every connection goes
 * through `guard` (the operator's policy); there is deliberately no default.
 */
export function toKubeConfig(selected: SelectedContext, guard: OutboundGuard): KubeConfig {
  const kc = new GuardedKubeConfig(guard);
  kc.loadFromOptions(kubeConfigOptions(selected));
  return kc;
}
