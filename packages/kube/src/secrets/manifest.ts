import type { VaultSecretType } from "@clustercord/contracts";
import type { V1Secret } from "@kubernetes/client-node";

export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const VAULT_VERSION_ANNOTATION = "clustercord.io/vault-version";

export interface SecretManifestInput {
  name: string;
  namespace: string;
  type: VaultSecretType;
  values: Readonly<Record<string, string>>;
  /** The vault version applied (recorded as an annotation, so a live Secret says which version it holds). */
  version: number;
  labels?: Readonly<Record<string, string>>;
}

/**
 * The Kubernetes Secret to server-side apply. Values go in `data` as base64
 * (exact bytes, unlike `stringData`, which the API server merges into `data`
 * and does not return). Labelled managed-by ClusterCord.
 */
export function secretManifest(input: SecretManifestInput): V1Secret {
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.values))
    data[key] = Buffer.from(value, "utf8").toString("base64");
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: { ...input.labels, [MANAGED_BY_LABEL]: "clustercord" },
      annotations: { [VAULT_VERSION_ANNOTATION]: String(input.version) },
    },
    type: input.type,
    data,
  };
}
