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
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
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
   * newer version to go to (default: nginx 1.3.0). The appVersion stays.
   */
  extraVersions?: Record<string, string[]>;
  /** Path to helm (default: the one build.sh builds). */
  helm?: string;
}

export const chartsDir = join(clusterDir, "charts");

export async function serveChartRepo(opts: ServeChartRepoOptions = {}): Promise<ChartRepo> {
  const helm =
    opts.helm ?? (existsSync(binaryPaths().helm) ? binaryPaths().helm : (await ensureClusterBinaries()).helm);
  const charts = opts.charts ?? (await readdir(chartsDir)).sort().map((name) => join(chartsDir, name));
  const extraVersions = opts.extraVersions ?? { nginx: ["1.3.0"] };
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
  const close = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  };

  try {
    for (const chart of charts) {
      await run(helm, ["package", chart, "--destination", dir], { env });
      for (const version of extraVersions[basename(chart)] ?? []) {
        await run(helm, ["package", chart, "--destination", dir, "--version", version], { env });
      }
    }
    await run(helm, ["repo", "index", dir, "--url", url], { env });
  } catch (error) {
    await close();
    throw error;
  }
  const packages = (await readdir(dir)).filter((f) => f.endsWith(".tgz")).sort();
  return { url, dir, packages, close };
}
