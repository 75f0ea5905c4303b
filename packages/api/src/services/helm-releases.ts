import {
  AppError,
  type HelmHistoryOutput,
  type HelmReleaseDetail,
  type HelmReleaseRef,
  type HelmReleasesInput,
  type HelmReleasesOutput,
} from "@clustercord/contracts";
import { findLastHelmChartRef } from "@clustercord/db";
import {
  HELM_RELEASE_SELECTOR,
  type KubeObject,
  latestReleases,
  prepareReleaseSecret,
  RESOURCE_TYPES,
  type ResourceCache,
  toKubeConfig,
} from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { openHelmCluster, readableReleaseNamespaces, releaseRevisions } from "./helm-access";
import { releaseDetailView, revisionView } from "./helm-view";
import { type Actor, type OpenedCluster, settled } from "./read-access";

/**
 * The cluster's shared cache of release Secrets (ClusterCord's credentials),
 * holding only each revision's summary; started on first use.
 */
export function releaseCache(deps: ApiDeps, cluster: Pick<OpenedCluster, "id" | "selected">): ResourceCache {
  return deps.caches.use<KubeObject>(cluster.id, {
    kubeConfig: toKubeConfig(cluster.selected, deps.clusterGuard),
    resource: RESOURCE_TYPES.secrets,
    labelSelector: HELM_RELEASE_SELECTOR,
    prepare: prepareReleaseSecret,
  });
}

/** Releases the person may see (where they may list secrets), latest revision each, from the shared cache. */
export async function listReleases(
  deps: ApiDeps,
  actor: Actor,
  input: HelmReleasesInput,
): Promise<HelmReleasesOutput> {
  const cluster = await openHelmCluster(deps, actor, input.clusterId);
  const readable = await readableReleaseNamespaces(deps, actor, cluster, input.namespace);
  const cache = await settled(releaseCache(deps, cluster));
  const status = cache.state.status;
  if (status === "forbidden" || status === "too-large") {
    throw new AppError("UPSTREAM", {
      message: `release cache ${status}: ${cache.state.lastError?.message ?? ""}`,
      userMessage:
        status === "forbidden"
          ? "ClusterCord's own credentials may not list Secrets on this cluster, so it cannot list Helm releases."
          : "This cluster has too many Helm release records to list.",
    });
  }
  return {
    releases: latestReleases(cache.list(), {
      readable,
      ...(input.namespace !== undefined ? { namespace: input.namespace } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
    }),
    state: status === "syncing" ? "syncing" : "ready",
  };
}

/** Every revision of a release, newest first, read as the person. */
export async function getHistory(
  deps: ApiDeps,
  actor: Actor,
  input: HelmReleaseRef,
): Promise<HelmHistoryOutput> {
  const cluster = await openHelmCluster(deps, actor, input.clusterId);
  const revisions = await releaseRevisions(deps, actor, cluster, input.namespace, input.release);
  return { revisions: revisions.map(revisionView).reverse() };
}

/** One revision (default: the latest) in full, masked, read as the person. */
export async function getRelease(
  deps: ApiDeps,
  actor: Actor,
  input: HelmReleaseRef & { revision?: number },
): Promise<HelmReleaseDetail> {
  const cluster = await openHelmCluster(deps, actor, input.clusterId);
  const revisions = await releaseRevisions(deps, actor, cluster, input.namespace, input.release);
  const record =
    input.revision === undefined
      ? revisions[revisions.length - 1]
      : revisions.find((r) => r.revision === input.revision);
  if (!record) {
    throw new AppError("NOT_FOUND", {
      userMessage: `${input.release} has no revision ${input.revision}; it has ${revisions.map((r) => r.revision).join(", ")}.`,
    });
  }
  const ref = await findLastHelmChartRef(deps.prisma, {
    clusterId: cluster.id,
    namespace: input.namespace,
    release: input.release,
  });
  return releaseDetailView(record, ref);
}
