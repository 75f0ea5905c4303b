import { PUBLIC_ONLY } from "@clustercord/outbound";
import { DEFAULT_MAX_KUBECONFIG_BYTES, decodeKubeconfigInput } from "./limits";
import { badRequest, quoteSafe } from "./problems";
import { parseKubeconfigShape } from "./schema";
import type { KubeconfigIntakeOptions, SanitizedKubeconfig, SelectedContext } from "./types";
import { validateKubeconfig } from "./validate";
import { loadKubeconfigYaml } from "./yaml-load";

export { DEFAULT_MAX_KUBECONFIG_BYTES } from "./limits";
export type {
  KubeCredentials,
  KubeconfigContextSummary,
  KubeconfigIntakeOptions,
  SanitizedKubeconfig,
  SelectedContext,
} from "./types";

/**
 * Intake for an uploaded kubeconfig, which is untrusted input: bounded size,
 * plain YAML only, no plugins, no file paths, TLS on, inline PEM checked;
 * plain http, proxies and TLS verification off only where the operator's
 * policy allows them (default: none of them).
 * Throws AppError BAD_REQUEST whose userMessage names the offending field
 * and never contains a secret value.
 */
export function parseKubeconfig(
  input: string | Uint8Array,
  options: KubeconfigIntakeOptions = {},
): SanitizedKubeconfig {
  const text = decodeKubeconfigInput(input, options.maxBytes ?? DEFAULT_MAX_KUBECONFIG_BYTES);
  const raw = parseKubeconfigShape(loadKubeconfigYaml(text));
  const valid = validateKubeconfig(raw, {
    policy: options.policy ?? PUBLIC_ONLY,
    adminAllowsInsecure: options.allowInsecureSkipTlsVerify === true,
  });
  const byName = new Map(valid.contexts.map((c) => [c.name, c]));
  const available = () => valid.contexts.map((c) => JSON.stringify(quoteSafe(c.name))).join(", ");

  // Secrets live only in this closure: JSON.stringify of the result shows names and warnings, and select() hands out copies.
  function select(contextName?: string): SelectedContext {
    const [only] = valid.contexts;
    const name =
      contextName ?? valid.currentContext ?? (valid.contexts.length === 1 ? only?.name : undefined);
    if (name === undefined)
      throw badRequest(`current-context is not set; choose one of the contexts: ${available()}`);
    const context = byName.get(name);
    if (!context)
      throw badRequest(
        `no context named ${JSON.stringify(quoteSafe(name))}; the kubeconfig has ${available()}`,
      );
    const cluster = valid.clusters.get(context.cluster);
    if (!cluster)
      throw badRequest(
        `context ${JSON.stringify(quoteSafe(name))}: no usable cluster named ${JSON.stringify(quoteSafe(context.cluster))}`,
      );
    const credentials = valid.users.get(context.user);
    if (!credentials)
      throw badRequest(
        `context ${JSON.stringify(quoteSafe(name))}: no usable user named ${JSON.stringify(quoteSafe(context.user))}`,
      );
    return {
      contextName: context.name,
      ...cluster,
      ...(context.namespace ? { namespace: context.namespace } : {}),
      credentials: { ...credentials },
    };
  }

  return {
    contexts: valid.contexts.map((c) => ({ ...c })),
    currentContext: valid.currentContext,
    select,
    warnings: [...valid.warnings],
  };
}
