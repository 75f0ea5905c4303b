/**
 * A local Helm chart repository for tests and the demo: the charts in
 * packages/testenv/cluster/charts/ are packaged with the built `helm` into a
 * temporary directory, indexed, and served on 127.0.0.1 (no internet).
 *
 *   const repo = await serveChartRepo();
 *   // helm repo add local ${repo.url}; helm install web local/nginx
 *   await repo.close();
 */
import { execFile } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { parseDocument } from "yaml";
import { binaryPaths, clusterDir, ensureClusterBinaries } from "./index";

const run = promisify(execFile);

export interface ChartRepo {
  /** http://127.0.0.1:<port> (the repository root: index.yaml and *.tgz). */
  url: string;
  /** Directory holding index.yaml and the packaged charts. */
  dir: string;
  /** Names of the packaged files, e.g. ["nginx-1.2.0.tgz", "nginx-1.3.0.tgz", ...]. */
  packages: string[];
  close(): Promise<void>;
}

export interface ServeChartRepoOptions {
  /** Chart source directories (default: every chart under cluster/charts). */
  charts?: string[];
  /**
   * Extra versions to package per chart name, so upgrade/rollback have a
   * newer version to go to (default: DEFAULT_EXTRA_VERSIONS). The appVersion
   * stays; a chart's templates may switch on `.Chart.Version` (flaky does).
   */
  extraVersions?: Record<string, string[]>;
  /**
   * Changelog per chart and version, written into each packaged Chart.yaml as
   * the `artifacthub.io/changes` annotation (default: CHART_CHANGES).
   */
  changes?: Record<string, Record<string, ChartChange[]>>;
  /** Path to helm (default: the one build.sh builds). */
  helm?: string;
}

export const chartsDir = join(clusterDir, "charts");

export interface ChartChange {
  kind: "added" | "changed" | "deprecated" | "removed" | "fixed" | "security";
  description: string;
}

/** nginx has three versions to upgrade through; flaky's 2.0.0 never becomes ready (its upgrade rolls back). */
export const DEFAULT_EXTRA_VERSIONS: Record<string, string[]> = {
  nginx: ["1.3.0", "1.4.0"],
  flaky: ["2.0.0"],
};

/** The changelogs the catalog shows (ArtifactHub's `artifacthub.io/changes` format). */
export const CHART_CHANGES: Record<string, Record<string, ChartChange[]>> = {
  nginx: {
    "1.2.0": [{ kind: "added", description: "First release of the stand-in web server chart" }],
    "1.3.0": [
      { kind: "added", description: "env values become container environment variables" },
      { kind: "changed", description: "Default memory limit stays at 256Mi" },
    ],
    "1.4.0": [
      { kind: "fixed", description: "Service selector matches the instance label" },
      { kind: "security", description: "Image pull policy defaults to IfNotPresent" },
    ],
  },
  flaky: {
    "2.0.0": [
      { kind: "changed", description: "Pods require a node labelled clustercord.io/never (none has it)" },
    ],
  },
};

/**
 * A copy of the chart directory with Chart.yaml at `version` and the
 * changelog annotation set, so `helm package` writes exactly that.
 */
async function editedChartCopy(
  chart: string,
  into: string,
  version: string,
  changes: ChartChange[] | undefined,
): Promise<string> {
  const copy = join(into, `${basename(chart)}-${version}`);
  await cp(chart, copy, { recursive: true });
  const chartYaml = join(copy, "Chart.yaml");
  const doc = parseDocument(await readFile(chartYaml, "utf8"));
  doc.set("version", version);
  if (changes?.length) {
    const annotations = (doc.get("annotations") as { toJSON?: () => unknown } | undefined)?.toJSON?.() ?? {};
    const lines = changes.map((c) => `- kind: ${c.kind}\n  description: ${JSON.stringify(c.description)}`);
    doc.set("annotations", { ...(annotations as object), "artifacthub.io/changes": `${lines.join("\n")}\n` });
  }
  await writeFile(chartYaml, doc.toString());
  return copy;
}

export async function serveChartRepo(opts: ServeChartRepoOptions = {}): Promise<ChartRepo> {
  const helm =
    opts.helm ?? (existsSync(binaryPaths().helm) ? binaryPaths().helm : (await ensureClusterBinaries()).helm);
  const charts = opts.charts ?? (await readdir(chartsDir)).sort().map((name) => join(chartsDir, name));
  const extraVersions = opts.extraVersions ?? DEFAULT_EXTRA_VERSIONS;
  const changes = opts.changes ?? CHART_CHANGES;
  const dir = await mkdtemp(join(tmpdir(), "clustercord-charts-"));
  // helm keeps its own state in these; keep it away from the user's ~/.config/helm.
  const env = {
    ...process.env,
    HELM_CACHE_HOME: join(dir, ".helm", "cache"),
    HELM_CONFIG_HOME: join(dir, ".helm", "config"),
    HELM_DATA_HOME: join(dir, ".helm", "data"),
  };

  const server = createServer((req, res) => {
    const name = basename(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    const file = join(dir, name);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405).end();
      return;
    }
    if (!(name === "index.yaml" || name.endsWith(".tgz")) || !existsSync(file)) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    stat(file).then(
      (s) => {
        res.writeHead(200, {
          "content-type": name.endsWith(".yaml") ? "application/x-yaml" : "application/gzip",
          "content-length": s.size,
        });
        if (req.method === "HEAD") res.end();
        else createReadStream(file).pipe(res);
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  // Edited copies of charts (extra versions, changelogs) live outside the served directory.
  const work = await mkdtemp(join(tmpdir(), "clustercord-chart-src-"));
  const close = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  };

  try {
    for (const chart of charts) {
      const name = basename(chart);
      const base = /^version:\s*"?([^"\s]+)"?\s*$/m.exec(
        await readFile(join(chart, "Chart.yaml"), "utf8"),
      )?.[1];
      for (const version of [base ?? "", ...(extraVersions[name] ?? [])]) {
        const log = changes[name]?.[version];
        const source = version === base && !log ? chart : await editedChartCopy(chart, work, version, log);
        await run(helm, ["package", source, "--destination", dir], { env });
      }
    }
    await run(helm, ["repo", "index", dir, "--url", url], { env });
  } catch (error) {
    await close();
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const packages = (await readdir(dir)).filter((f) => f.endsWith(".tgz")).sort();
  return { url, dir, packages, close };
}
