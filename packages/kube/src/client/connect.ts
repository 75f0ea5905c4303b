import { KubeConfig } from "@kubernetes/client-node";
import type { SelectedContext } from "../kubeconfig";

/**
 * A client configuration built only from a sanitized context: inline CA and
 * credentials, no files, no exec plugins, so nothing from an uploaded
 * kubeconfig can make this server read a path or run a command.
 */
export function toKubeConfig(selected: SelectedContext): KubeConfig {
  const c = selected.credentials;
  const user =
    c.kind === "token"
      ? { name: "clustercord", token: c.token }
      : c.kind === "clientCertificate"
        ? { name: "clustercord", certData: c.certData, keyData: c.keyData }
        : { name: "clustercord", username: c.username, password: c.password };
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: "cluster",
        server: selected.server,
        caData: selected.caData,
        skipTLSVerify: selected.insecureSkipTlsVerify,
        ...(selected.tlsServerName ? { tlsServerName: selected.tlsServerName } : {}),
        ...(selected.proxyUrl ? { proxyUrl: selected.proxyUrl } : {}),
      },
    ],
    users: [user],
    contexts: [{ name: "selected", cluster: "cluster", user: "clustercord", namespace: selected.namespace }],
    currentContext: "selected",
  });
  return kc;
}
