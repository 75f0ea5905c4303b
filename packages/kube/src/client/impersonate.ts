import type { OutboundGuard } from "@clustercord/outbound";
import type { KubeConfig } from "@kubernetes/client-node";
import type { SelectedContext } from "../kubeconfig";
import { kubeConfigOptions } from "./connect";
import { GuardedKubeConfig } from "./guarded";

/**
 * A client that acts as one person: every request (REST, logs, exec and
 * watches) carries Impersonate-User and Impersonate-Group, set here from the
 * resolved actor only, never from anything a client sent. REST and watches
 * take their headers from applyToHTTPSOptions too (GuardedKubeConfig), so
 * this one override covers every path.
 */
class ImpersonatingKubeConfig extends GuardedKubeConfig {
  constructor(
    guard: OutboundGuard,
    private readonly identity: { user: string; group: string },
  ) {
    super(guard);
  }

  override async applyToHTTPSOptions(opts: Parameters<KubeConfig["applyToHTTPSOptions"]>[0]) {
    await super.applyToHTTPSOptions(opts);
    opts.headers = {
      ...opts.headers,
      "Impersonate-User": this.identity.user,
      "Impersonate-Group": this.identity.group,
    };
  }
}

export function impersonatedKubeConfig(
  selected: SelectedContext,
  identity: { user: string; group: string },
  guard: OutboundGuard,
): KubeConfig {
  const kc = new ImpersonatingKubeConfig(guard, identity);
  kc.loadFromOptions(kubeConfigOptions(selected));
  return kc;
}
