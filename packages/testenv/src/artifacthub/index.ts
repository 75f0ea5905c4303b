/**
 * A local stand-in for ArtifactHub's public API (https://artifacthub.io/docs/api/)
 * answering with its real response shapes for the charts of a served local
 * repository, whose URL it gives as the repository's `url`, so a chart found
 * here downloads end to end from 127.0.0.1.
 *
 *   const repo = await serveChartRepo();
 *   const hub = await startArtifactHubStandIn({ repo });
 *   // GET ${hub.url}/api/v1/packages/search?ts_query_web=nginx&kind=0
 *   await hub.close(); await repo.close();
 *
 * Endpoints: packages/search, packages/helm/{repo}/{package}[/{version}],
 * packages/{id}/{version}/values, packages/{id}/changelog. Anything else: 404.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readRepoPackages, type StandInPackage, type StandInVersion } from "./catalog";

export { packageIdOf, type StandInPackage, type StandInVersion } from "./catalog";

export interface ArtifactHubStandInOptions {
  /** The served local repository (serveChartRepo's answer). */
  repo: { url: string; dir: string };
  /** The repository's name on the stand-in (default "clustercord"). */
  repoName?: string;
  /** Stars per chart name (default: none). */
  stars?: Record<string, number>;
  /** Charts marked official (default: none); the repository is a verified publisher. */
  official?: string[];
  /**
   * ArtifactHub repository names per chart, for charts published elsewhere than
   * `repoName` (e.g. kube-prometheus-stack: "prometheus-community"); all are
   * served from the same local repository.
   */
  publishers?: Record<string, string>;
}

export interface ArtifactHubStandIn {
  /** Base URL (what HelmDeps.artifactHubUrl takes). */
  url: string;
  repoName: string;
  packages: StandInPackage[];
  /** Paths with query of every request, in order. */
  requests: string[];
  /** While set, every answer is this HTTP status (a broken ArtifactHub). */
  failWith: number | null;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export async function startArtifactHubStandIn(
  options: ArtifactHubStandInOptions,
): Promise<ArtifactHubStandIn> {
  const repoName = options.repoName ?? "clustercord";
  const packages = await readRepoPackages(options.repo.dir, repoName);
  const official = new Set(options.official ?? []);
  const repository = {
    repository_id: "00000000-0000-4000-8000-00000000c1c0",
    kind: 0,
    name: repoName,
    display_name: "ClusterCord test charts",
    url: options.repo.url,
    verified_publisher: true,
    official: false,
    organization_name: "clustercord",
    organization_display_name: "ClusterCord",
  };

  const repoOf = (p: StandInPackage) => options.publishers?.[p.name] ?? repoName;
  const summary = (p: StandInPackage, v: StandInVersion) => ({
    package_id: p.packageId,
    name: p.name,
    normalized_name: p.name,
    description: v.description,
    version: v.version,
    app_version: v.appVersion,
    deprecated: false,
    signed: false,
    security_report_summary: null,
    ts: v.ts,
    stars: options.stars?.[p.name] ?? 0,
    official: official.has(p.name),
    repository: { ...repository, name: repoOf(p) },
  });

  const detail = (p: StandInPackage, v: StandInVersion) => ({
    ...summary(p, v),
    display_name: p.name,
    keywords: v.keywords,
    readme: v.readme ?? "",
    digest: v.digest,
    contains_security_updates: v.changes.some((c) => c.kind === "security"),
    prerelease: v.version.includes("-"),
    available_versions: p.versions.map((x) => ({
      version: x.version,
      contains_security_updates: x.changes.some((c) => c.kind === "security"),
      prerelease: x.version.includes("-"),
      ts: x.ts,
    })),
    default_channel: null,
    channels: null,
    maintainers: [{ name: "ClusterCord", email: "charts@clustercord.invalid" }],
  });

  const standIn: ArtifactHubStandIn = {
    url: "",
    repoName,
    packages,
    requests: [],
    failWith: null,
    close: async () => {},
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    standIn.requests.push(`${url.pathname}${url.search}`);
    if (standIn.failWith !== null) return json(res, standIn.failWith, { message: "stand-in told to fail" });
    if (req.method !== "GET") return json(res, 405, { message: "method not allowed" });
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== "api" || parts[1] !== "v1" || parts[2] !== "packages") return json(res, 404, {});

    if (parts.length === 4 && parts[3] === "search") {
      const words = (url.searchParams.get("ts_query_web") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
      const kinds = url.searchParams.getAll("kind");
      const repos = url.searchParams.getAll("repo");
      const limit = Math.min(60, Number(url.searchParams.get("limit") ?? 20) || 20);
      const offset = Number(url.searchParams.get("offset") ?? 0) || 0;
      const matches =
        kinds.length && !kinds.includes("0")
          ? []
          : packages.filter((p) => {
              if (repos.length && !repos.includes(repoOf(p))) return false;
              const v = p.versions[0];
              if (!v) return false;
              const text = [p.name, v.description, ...v.keywords].join(" ").toLowerCase();
              return words.every((w) => text.includes(w));
            });
      // Relevance as ArtifactHub orders it, roughly: the exact name, then names containing the query, then the rest.
      const query = words.join(" ");
      const relevance = (p: StandInPackage) => (p.name === query ? 0 : p.name.includes(query) ? 1 : 2);
      matches.sort((a, b) => relevance(a) - relevance(b) || (a.name < b.name ? -1 : 1));
      const page = matches
        .slice(offset, offset + limit)
        .flatMap((p) => (p.versions[0] ? [summary(p, p.versions[0])] : []));
      return json(res, 200, { packages: page }, { "pagination-total-count": String(matches.length) });
    }

    if (parts[3] === "helm" && (parts.length === 6 || parts.length === 7)) {
      const p = packages.find((x) => x.name === parts[5] && repoOf(x) === parts[4]);
      const v = parts[6] ? p?.versions.find((x) => x.version === parts[6]) : p?.versions[0];
      if (!p || !v) return json(res, 404, { message: "not found" });
      return json(res, 200, detail(p, v));
    }

    const byId = packages.find((x) => x.packageId === parts[3]);
    if (byId && parts.length === 6 && parts[5] === "values") {
      const v = byId.versions.find((x) => x.version === parts[4]);
      if (!v) return json(res, 404, { message: "not found" });
      res.writeHead(200, { "content-type": "application/yaml" });
      res.end(v.values);
      return;
    }
    if (byId && parts.length === 5 && parts[4] === "changelog") {
      return json(
        res,
        200,
        byId.versions.map((v) => ({
          version: v.version,
          ts: v.ts,
          changes: v.changes,
          contains_security_updates: v.changes.some((c) => c.kind === "security"),
          prerelease: v.version.includes("-"),
        })),
      );
    }
    return json(res, 404, { message: "not found" });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return standIn;
}
