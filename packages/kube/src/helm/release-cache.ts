/**
 * Helm releases from the shared watch cache of release Secrets (label
 * owner=helm). The cache keeps only each revision's summary, decoded once
 * per Secret version: never the payload (values may hold secrets, and a
 * manifest is large). Reading what one release holds in full is done as the
 * person (readReleaseSecrets).
 */
import type { HelmRelease, HelmReleaseStatus } from "@clustercord/contracts";
import { CoreV1Api, type KubeConfig, type V1Secret } from "@kubernetes/client-node";
import type { KubeObject, Prepare } from "../cache";
import { fromKubeError } from "../client/errors";
import { releaseSummaryFromSecret } from "./release";

/** Helm 3 labels every release Secret with it. */
export const HELM_RELEASE_SELECTOR = "owner=helm";

/** What the cache holds per release Secret. */
export interface ReleaseSecretEntry extends KubeObject {
  /** null when the payload is not a Helm release Helm could have written. */
  summary: HelmRelease | null;
}

/** Summaries by uid@resourceVersion: a relist (or a second cache) does not decode again. */
const decoded = new Map<string, HelmRelease | null>();
const MAX_MEMO = 50_000;

function summaryOf(secret: KubeObject): HelmRelease | null {
  const key = `${secret.metadata?.uid ?? ""}@${secret.metadata?.resourceVersion ?? ""}`;
  const held = decoded.get(key);
  if (held !== undefined) return held;
  let summary: HelmRelease | null;
  try {
    summary = releaseSummaryFromSecret(secret as V1Secret);
  } catch {
    summary = null;
  }
  if (decoded.size >= MAX_MEMO) decoded.delete(decoded.keys().next().value as string);
  decoded.set(key, summary);
  return summary;
}

/** The cache's `prepare`: a release Secret becomes its identity and summary; its data never enters the cache. */
export const prepareReleaseSecret: Prepare<KubeObject> = (secret) => {
  const m = secret.metadata ?? {};
  const entry: ReleaseSecretEntry = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      ...(m.name !== undefined ? { name: m.name } : {}),
      ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
      ...(m.uid !== undefined ? { uid: m.uid } : {}),
      ...(m.resourceVersion !== undefined ? { resourceVersion: m.resourceVersion } : {}),
    },
    summary: summaryOf(secret),
  };
  return entry;
};

export interface ReleaseFilter {
  /** Namespaces whose releases the person may see ("all": every one). */
  readable: "all" | ReadonlySet<string>;
  namespace?: string;
  status?: HelmReleaseStatus;
}

/**
 * Each release's latest revision (what `helm list` shows), filtered to what
 * the person may see, then by namespace and status; by namespace, then name.
 */
export function latestReleases(entries: readonly KubeObject[], filter: ReleaseFilter): HelmRelease[] {
  const latest = new Map<string, HelmRelease>();
  for (const entry of entries) {
    const summary = (entry as ReleaseSecretEntry).summary;
    if (!summary) continue;
    if (filter.readable !== "all" && !filter.readable.has(summary.namespace)) continue;
    if (filter.namespace !== undefined && summary.namespace !== filter.namespace) continue;
    const key = `${summary.namespace}/${summary.name}`;
    const held = latest.get(key);
    if (!held || summary.revision > held.revision) latest.set(key, summary);
  }
  const releases = [...latest.values()].filter(
    (r) => filter.status === undefined || r.status === filter.status,
  );
  return releases.sort((a, b) =>
    a.namespace === b.namespace ? a.name.localeCompare(b.name) : a.namespace.localeCompare(b.namespace),
  );
}

/**
 * Every revision's Secret of one release, read with `kc` (the person's
 * impersonated client): Kubernetes decides whether they may.
 */
export async function readReleaseSecrets(
  kc: KubeConfig,
  namespace: string,
  release: string,
): Promise<V1Secret[]> {
  try {
    const list = await kc.makeApiClient(CoreV1Api).listNamespacedSecret({
      namespace,
      labelSelector: `${HELM_RELEASE_SELECTOR},name=${release}`,
    });
    return list.items;
  } catch (error) {
    throw fromKubeError(error);
  }
}
