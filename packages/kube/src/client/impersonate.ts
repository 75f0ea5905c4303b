import { KubeConfig } from "@kubernetes/client-node";
import type { SelectedContext } from "../kubeconfig";
import { toKubeConfig } from "./connect";

/**
 * A client that acts as one person: every request (REST, logs, exec and
 * watches) carries Impersonate-User and Impersonate-Group, set here from the
 * resolved actor only, never from anything a client sent.
 */
class ImpersonatingKubeConfig extends KubeConfig {
  constructor(private readonly identity: { user: string; group: string }) {
    super();
  }

  private headers() {
    return { "Impersonate-User": this.identity.user, "Impersonate-Group": this.identity.group };
  }

  override async applySecurityAuthentication(
    context: Parameters<KubeConfig["applySecurityAuthentication"]>[0],
  ) {
    await super.applySecurityAuthentication(context);
    for (const [name, value] of Object.entries(this.headers())) context.setHeaderParam(name, value);
  }

  override async applyToHTTPSOptions(opts: Parameters<KubeConfig["applyToHTTPSOptions"]>[0]) {
    await super.applyToHTTPSOptions(opts);
    opts.headers = { ...opts.headers, ...this.headers() };
  }
}

export function impersonatedKubeConfig(
  selected: SelectedContext,
  identity: { user: string; group: string },
): KubeConfig {
  const kc = new ImpersonatingKubeConfig(identity);
  const base = toKubeConfig(selected);
  kc.loadFromOptions({
    clusters: base.getClusters(),
    users: base.getUsers(),
    contexts: base.getContexts(),
    currentContext: base.getCurrentContext(),
  });
  return kc;
}
