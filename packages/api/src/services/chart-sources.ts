/**
 * Where a `<repository>/<chart>` comes from: a repository of the guild by
 * that name, else ArtifactHub's repository of that name (whose own chart
 * repository URL ArtifactHub gives). Either way the chart's versions come
 * from the repository's index.yaml and its archive from the index's URL.
 */
import { createHash } from "node:crypto";
import { AppError } from "@clustercord/contracts";
import type { ApiDeps, HelmDeps } from "../context";
import { type ArtifactHubPackage, getArtifactHubPackage } from "./chart-artifacthub";
import { guardedGet, MiB, statusError } from "./chart-fetch";
import { type IndexSource, indexCacheFor } from "./chart-index";
import { type ChartIndex, type ChartVersionEntry, findChartVersion } from "./chart-index-model";
import { guildRepositorySource } from "./helm-repos";

export const ARCHIVE_MAX_BYTES = 10 * MiB;
const ARCHIVE_TIMEOUT_MS = 60_000;

export interface ResolvedChart {
  ref: string;
  repo: string;
  chart: string;
  via: "repository" | "artifacthub";
  source: IndexSource;
  index: ChartIndex;
  /** The version asked for (or the newest). */
  entry: ChartVersionEntry;
  /** Every version, newest first. */
  versions: ChartVersionEntry[];
  /** ArtifactHub's package, when the chart was found there. */
  artifactHub: ArtifactHubPackage | null;
}

export function splitRef(ref: string): { repo: string; chart: string } {
  const slash = ref.indexOf("/");
  return { repo: ref.slice(0, slash), chart: ref.slice(slash + 1) };
}

export async function resolveChart(
  deps: ApiDeps,
  helm: HelmDeps,
  guildId: string,
  ref: string,
  version?: string,
): Promise<ResolvedChart> {
  const { repo, chart } = splitRef(ref);
  const cache = indexCacheFor(helm.guard);
  const own = await guildRepositorySource(deps, guildId, repo);
  if (own) {
    const index = await cache.load(helm.guard, own);
    return {
      ref,
      repo,
      chart,
      via: "repository",
      source: own,
      index,
      ...findChartVersion(index, repo, chart, version),
      artifactHub: null,
    };
  }
  const pkg = await getArtifactHubPackage(helm.guard, helm.artifactHubUrl, repo, chart);
  if (!pkg) {
    throw new AppError("NOT_FOUND", {
      userMessage: `There is no chart ${chart} in repository ${repo} (neither a repository of this server nor on ArtifactHub).`,
    });
  }
  if (pkg.repository.url.startsWith("oci://")) {
    throw new AppError("BAD_REQUEST", {
      userMessage: `${ref} is published in an OCI registry; ClusterCord installs from Helm repositories (index.yaml) only.`,
    });
  }
  const source: IndexSource = { name: repo, url: pkg.repository.url };
  const index = await cache.load(helm.guard, source);
  return {
    ref,
    repo,
    chart,
    via: "artifacthub",
    source,
    index,
    ...findChartVersion(index, repo, chart, version),
    artifactHub: pkg,
  };
}

/** The archive URL of an entry: its first URL, a relative one resolved against the repository root. */
export function archiveUrl(repoUrl: string, entry: ChartVersionEntry): string {
  const first = entry.urls[0] ?? "";
  return new URL(first, repoUrl.endsWith("/") ? repoUrl : `${repoUrl}/`).toString();
}

/** Downloads the entry's archive through the guard (10 MiB at most) and checks the index's sha256 digest. */
export async function fetchChartArchive(
  helm: HelmDeps,
  resolved: ResolvedChart,
): Promise<{ url: string; body: Buffer }> {
  const { entry, source } = resolved;
  const url = archiveUrl(source.url, entry);
  const what = `The archive of ${entry.name} ${entry.version}`;
  // Credentials go only to the repository's own origin (as helm does without --pass-credentials).
  const sameOrigin = new URL(url).origin === new URL(source.url).origin;
  const headers: Record<string, string> = { accept: "application/gzip, application/octet-stream, */*" };
  if (source.authorization && sameOrigin) headers.authorization = source.authorization;
  const res = await guardedGet(helm.guard, url, {
    what,
    maxBytes: ARCHIVE_MAX_BYTES,
    timeoutMs: ARCHIVE_TIMEOUT_MS,
    headers,
  });
  if (res.status !== 200) throw statusError(what, res.status);
  if (entry.digest) {
    const expected = entry.digest.replace(/^sha256:/, "").toLowerCase();
    const actual = createHash("sha256").update(res.body).digest("hex");
    if (actual !== expected) {
      throw new AppError("UPSTREAM", {
        userMessage: `${what} does not match the sha256 digest in repository ${resolved.repo}'s index; it was not used.`,
      });
    }
  }
  return { url, body: res.body };
}
