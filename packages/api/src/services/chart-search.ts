/**
 * Ranking charts against a query, and merging the sources' answers. Pure.
 * Rank: exact name, then name prefix, then name substring, then
 * description; a query of several words matches when every word is found.
 */
import type { HelmSearchResult } from "@clustercord/contracts";
import type { ChartIndex, SearchRow } from "./chart-index-model";

export const RANK = { exact: 0, prefix: 1, substring: 2, description: 3, words: 4 } as const;

export interface NormalizedQuery {
  text: string;
  words: string[];
}

export function normalizeQuery(query: string): NormalizedQuery {
  const text = query.trim().toLowerCase();
  return { text, words: text.split(/\s+/).filter(Boolean) };
}

/** How well a chart matches (lower is better), or null when it does not. */
export function matchRank(lowerName: string, lowerDescription: string, q: NormalizedQuery): number | null {
  if (lowerName === q.text) return RANK.exact;
  if (lowerName.startsWith(q.text)) return RANK.prefix;
  if (lowerName.includes(q.text)) return RANK.substring;
  if (lowerDescription.includes(q.text)) return RANK.description;
  if (q.words.length > 1 && q.words.every((w) => lowerName.includes(w) || lowerDescription.includes(w))) {
    return RANK.words;
  }
  return null;
}

export interface RankedResult {
  rank: number;
  result: HelmSearchResult;
}

/** The matching charts of one repository's index, as search results with their rank. */
export function searchIndex(index: ChartIndex, repo: string, q: NormalizedQuery): RankedResult[] {
  const out: RankedResult[] = [];
  for (const row of index.rows) {
    const rank = matchRank(row.lowerName, row.lowerDescription, q);
    if (rank !== null) out.push({ rank, result: rowResult(row, repo) });
  }
  return out;
}

function rowResult(row: SearchRow, repo: string): HelmSearchResult {
  return {
    ref: `${repo}/${row.name}`,
    chart: row.name,
    repo,
    version: row.latest.version,
    appVersion: row.latest.appVersion,
    description: row.latest.description,
    stars: null,
    official: false,
    verified: false,
    source: "repository",
  };
}

/** Ranks results that came from elsewhere (ArtifactHub) with the same rule; null when they do not match. */
export function rankResult(result: HelmSearchResult, q: NormalizedQuery): RankedResult {
  const rank = matchRank(result.chart.toLowerCase(), result.description.toLowerCase(), q);
  // ArtifactHub's full-text search also matches keywords we do not see: keep those, last.
  return { rank: rank ?? RANK.words + 1, result };
}

/**
 * Best first, one result per ref: the guild's repositories are listed before
 * ArtifactHub, so a configured repository shadows an ArtifactHub one of the
 * same name (as downloadChart resolves it). Ties: official/verified, stars,
 * shorter name, then name.
 */
export function mergeResults(lists: RankedResult[][], limit: number): HelmSearchResult[] {
  const seen = new Set<string>();
  const all: RankedResult[] = [];
  for (const list of lists) {
    for (const r of list) {
      if (seen.has(r.result.ref)) continue;
      seen.add(r.result.ref);
      all.push(r);
    }
  }
  const mark = (r: HelmSearchResult) => (r.official ? 2 : 0) + (r.verified ? 1 : 0);
  all.sort(
    (a, b) =>
      a.rank - b.rank ||
      mark(b.result) - mark(a.result) ||
      (b.result.stars ?? 0) - (a.result.stars ?? 0) ||
      a.result.chart.length - b.result.chart.length ||
      (a.result.ref < b.result.ref ? -1 : a.result.ref > b.result.ref ? 1 : 0),
  );
  return all.slice(0, limit).map((r) => r.result);
}
