/**
 * ArtifactHub's public API (https://artifacthub.io/docs/api/), the parts the
 * catalog uses: package search, a Helm package (with its repository's URL
 * and versions), and a package's changelog. Through the chart guard, answers
 * validated with zod; a shape we do not understand is an UPSTREAM error.
 */
import { AppError, HelmChartRef, type HelmSearchResult } from "@clustercord/contracts";
import type { OutboundGuard } from "@clustercord/outbound";
import { z } from "zod";
import { guardedGet, MiB, statusError } from "./chart-fetch";

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 5 * MiB;
/** ArtifactHub's package kind for Helm charts. */
const HELM_KIND = "0";

const Repository = z.object({
  name: z.string(),
  url: z.string(),
  verified_publisher: z.boolean().nullish(),
  official: z.boolean().nullish(),
});

const SearchPackage = z.object({
  package_id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  version: z.string(),
  app_version: z.string().nullish(),
  stars: z.number().int().nullish(),
  official: z.boolean().nullish(),
  repository: Repository,
});
const SearchAnswer = z.object({ packages: z.array(SearchPackage).nullish() });

export const ArtifactHubPackage = z.object({
  package_id: z.string(),
  name: z.string(),
  version: z.string(),
  app_version: z.string().nullish(),
  description: z.string().nullish(),
  readme: z.string().nullish(),
  stars: z.number().int().nullish(),
  available_versions: z.array(z.object({ version: z.string(), ts: z.number().nullish() })).nullish(),
  repository: Repository,
});
export type ArtifactHubPackage = z.infer<typeof ArtifactHubPackage>;

const Changelog = z.array(
  z.object({
    version: z.string(),
    ts: z.number().nullish(),
    changes: z.array(z.object({ kind: z.string().nullish(), description: z.string() })).nullish(),
  }),
);
export type ArtifactHubChangelog = z.infer<typeof Changelog>;

const WHAT = "ArtifactHub";

async function getJson<T>(
  guard: OutboundGuard,
  url: string,
  schema: z.ZodType<T>,
  options: { notFound?: "null" } = {},
): Promise<T | null> {
  const res = await guardedGet(guard, url, {
    what: WHAT,
    maxBytes: MAX_BYTES,
    timeoutMs: TIMEOUT_MS,
    headers: { accept: "application/json" },
  });
  if (res.status === 404 && options.notFound === "null") return null;
  if (res.status !== 200) throw statusError(WHAT, res.status);
  let body: unknown;
  try {
    body = JSON.parse(res.body.toString("utf8"));
  } catch {
    throw new AppError("UPSTREAM", { userMessage: `${WHAT} answered with something that is not JSON.` });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new AppError("UPSTREAM", {
      message: `ArtifactHub answer not understood: ${parsed.error.message.slice(0, 300)}`,
      userMessage: `${WHAT} answered in a shape ClusterCord does not understand.`,
    });
  }
  return parsed.data;
}

const enc = encodeURIComponent;

export async function searchArtifactHub(
  guard: OutboundGuard,
  baseUrl: string,
  query: { text: string; repo?: string | undefined; limit: number },
): Promise<HelmSearchResult[]> {
  const params = new URLSearchParams({
    ts_query_web: query.text,
    kind: HELM_KIND,
    limit: String(Math.min(60, query.limit)),
    offset: "0",
  });
  if (query.repo) params.set("repo", query.repo);
  const answer = await getJson(guard, `${baseUrl}/api/v1/packages/search?${params}`, SearchAnswer);
  const results: HelmSearchResult[] = [];
  for (const p of answer?.packages ?? []) {
    const ref = `${p.repository.name}/${p.name}`;
    if (!HelmChartRef.safeParse(ref).success) continue; // a name install could not take
    results.push({
      ref,
      chart: p.name,
      repo: p.repository.name,
      version: p.version,
      appVersion: p.app_version ?? null,
      description: p.description ?? "",
      stars: p.stars ?? null,
      official: Boolean(p.official || p.repository.official),
      verified: Boolean(p.repository.verified_publisher),
      source: "artifacthub",
    });
  }
  return results;
}

/** A Helm package (at `version`, or its newest), or null when ArtifactHub has no such package or version. */
export function getArtifactHubPackage(
  guard: OutboundGuard,
  baseUrl: string,
  repo: string,
  chart: string,
  version?: string,
): Promise<ArtifactHubPackage | null> {
  const path = `/api/v1/packages/helm/${enc(repo)}/${enc(chart)}${version ? `/${enc(version)}` : ""}`;
  return getJson(guard, `${baseUrl}${path}`, ArtifactHubPackage, { notFound: "null" });
}

export async function getArtifactHubChangelog(
  guard: OutboundGuard,
  baseUrl: string,
  packageId: string,
): Promise<ArtifactHubChangelog> {
  return (
    (await getJson(guard, `${baseUrl}/api/v1/packages/${enc(packageId)}/changelog`, Changelog, {
      notFound: "null",
    })) ?? []
  );
}
