/**
 * helm.search and helm.chart: ArtifactHub and the guild's repositories asked
 * in parallel (one failing source is reported, the others answer), ranked
 * and deduplicated; a chart's versions, changelog, default values, schema
 * and README from its repository's index and its archive.
 */
import type {
  HelmChartInput,
  HelmChartOutput,
  HelmSearchInput,
  HelmSearchOutput,
} from "@clustercord/contracts";
import { AppError } from "@clustercord/contracts";
import type { ApiDeps, HelmDeps } from "../context";
import { type ChartFiles, readChartArchive } from "./chart-archive";
import { getArtifactHubChangelog, searchArtifactHub } from "./chart-artifacthub";
import { parseChangesAnnotation } from "./chart-changes";
import { type IndexSource, indexCacheFor } from "./chart-index";
import { mergeResults, normalizeQuery, type RankedResult, rankResult, searchIndex } from "./chart-search";
import { helmSetup } from "./chart-setup";
import { fetchChartArchive, type ResolvedChart, resolveChart } from "./chart-sources";
import { guildRepositorySource, guildRepositorySources } from "./helm-repos";
import type { Actor } from "./read-access";

const ARTIFACTHUB = "ArtifactHub";
/**
 * How long a search waits for any one source; a slower one is reported as a
 * problem (its fetch goes on and fills the cache for the next search).
 */
export const SEARCH_SOURCE_DEADLINE_MS = 5_000;

function withDeadline<T>(work: Promise<T>, source: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new AppError("UPSTREAM", {
            userMessage: `${source === ARTIFACTHUB ? source : `Repository ${source}`} did not answer within ${SEARCH_SOURCE_DEADLINE_MS / 1000} s.`,
          }),
        ),
      SEARCH_SOURCE_DEADLINE_MS,
    );
  });
  work.catch(() => {}); // a late failure has nobody waiting for it
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

const problemText = (error: unknown) =>
  error instanceof AppError ? error.userMessage : "it did not answer as expected";

export async function searchCharts(
  deps: ApiDeps,
  actor: Actor,
  input: HelmSearchInput,
): Promise<HelmSearchOutput> {
  const helm = helmSetup(deps);
  const q = normalizeQuery(input.query);
  const limit = input.limit ?? 20;
  const cache = indexCacheFor(helm.guard);

  let repos: IndexSource[];
  let askArtifactHub = true;
  if (input.repo) {
    const own = await guildRepositorySource(deps, actor.guildId, input.repo);
    repos = own ? [own] : [];
    askArtifactHub = !own; // a configured repository shadows ArtifactHub's of the same name
  } else {
    repos = await guildRepositorySources(deps, actor.guildId);
  }

  const asks: { source: string; run: () => Promise<RankedResult[]> }[] = repos.map((repo) => ({
    source: repo.name,
    run: async () => searchIndex(await cache.load(helm.guard, repo), repo.name, q),
  }));
  if (askArtifactHub) {
    asks.push({
      source: ARTIFACTHUB,
      run: async () =>
        (
          await searchArtifactHub(helm.guard, helm.artifactHubUrl, { text: q.text, repo: input.repo, limit })
        ).map((r) => rankResult(r, q)),
    });
  }
  const settled = await Promise.allSettled(asks.map((a) => withDeadline(a.run(), a.source)));
  const lists: RankedResult[][] = [];
  const problems: HelmSearchOutput["problems"] = [];
  settled.forEach((outcome, i) => {
    const source = asks[i]?.source ?? "?";
    if (outcome.status === "fulfilled") lists.push(outcome.value);
    else problems.push({ source, problem: problemText(outcome.reason) });
  });
  return { results: mergeResults(lists, limit), problems };
}

// Archives are immutable per URL and digest: their files are kept for the next look at the same version.
const MAX_CACHED_FILES = 64;
const filesCache = new Map<string, Promise<ChartFiles>>();

function chartFiles(helm: HelmDeps, resolved: ResolvedChart): Promise<ChartFiles> {
  const key = `${resolved.source.url} ${resolved.source.authorization ? "auth" : "-"} ${resolved.entry.name} ${resolved.entry.version} ${resolved.entry.digest ?? ""}`;
  const cached = filesCache.get(key);
  if (cached) return cached;
  const reading = fetchChartArchive(helm, resolved).then(({ body }) =>
    readChartArchive(body, resolved.chart),
  );
  filesCache.set(key, reading);
  reading.catch(() => filesCache.delete(key));
  while (filesCache.size > MAX_CACHED_FILES) {
    const oldest = filesCache.keys().next().value;
    if (oldest === undefined) break;
    filesCache.delete(oldest);
  }
  return reading;
}

/** ArtifactHub's changelog for the version when the chart came from there, else (or when it has none) the annotation. */
async function changesOf(helm: HelmDeps, resolved: ResolvedChart): Promise<HelmChartOutput["changes"]> {
  const fromAnnotation = () => parseChangesAnnotation(resolved.entry.changes);
  if (!resolved.artifactHub) return fromAnnotation();
  const changelog = await getArtifactHubChangelog(
    helm.guard,
    helm.artifactHubUrl,
    resolved.artifactHub.package_id,
  ).catch(() => []);
  const changes = changelog.find((c) => c.version === resolved.entry.version)?.changes ?? [];
  if (changes.length === 0) return fromAnnotation();
  return changes.map((c) => ({ kind: c.kind ?? "changed", description: c.description }));
}

function parseSchema(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const schema = JSON.parse(text) as unknown;
    return schema && typeof schema === "object" && !Array.isArray(schema)
      ? (schema as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export async function getChart(deps: ApiDeps, actor: Actor, input: HelmChartInput): Promise<HelmChartOutput> {
  const helm = helmSetup(deps);
  const resolved = await resolveChart(deps, helm, actor.guildId, input.ref, input.version);
  const [files, changes] = await Promise.all([chartFiles(helm, resolved), changesOf(helm, resolved)]);
  const published = new Map(
    (resolved.artifactHub?.available_versions ?? []).map((v) => [v.version, v.ts ?? null] as const),
  );
  return {
    ref: resolved.ref,
    chart: resolved.chart,
    repo: resolved.repo,
    description: resolved.entry.description,
    version: resolved.entry.version,
    appVersion: resolved.entry.appVersion,
    versions: resolved.versions.map((v) => {
      const ts = published.get(v.version);
      return {
        version: v.version,
        appVersion: v.appVersion,
        createdAt: v.created ?? (ts ? new Date(ts * 1000).toISOString() : null),
      };
    }),
    changes,
    defaultValues: files.values ?? "",
    valuesSchema: parseSchema(files.schema),
    readme: files.readme ?? resolved.artifactHub?.readme ?? null,
  };
}
