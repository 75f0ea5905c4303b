import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ApiDeps } from "../context";
import { helmSetup } from "./chart-setup";
import { fetchChartArchive, resolveChart } from "./chart-sources";

/** A chart archive fetched through the chart guard into the process's Helm work dir, digest checked. */
export interface DownloadedChart {
  /** Absolute path of the .tgz (helm install/upgrade take it in place of a repository reference). */
  file: string;
  /** `<repository>/<chart>` as asked. */
  ref: string;
  chart: string;
  version: string;
  appVersion: string | null;
  /** Removes the file. */
  cleanup(): Promise<void>;
}

/**
 * Resolves `<repository>/<chart>` (a repository of the guild, else an
 * ArtifactHub repository) at `version` (default: the newest) and downloads
 * the archive; unknown charts and versions get a message naming them.
 */
export async function downloadChart(
  deps: ApiDeps,
  guildId: string,
  ref: string,
  version?: string,
): Promise<DownloadedChart> {
  const helm = helmSetup(deps);
  const resolved = await resolveChart(deps, helm, guildId, ref, version);
  const { body } = await fetchChartArchive(helm, resolved);
  // A fresh directory per download: concurrent operations never share a file.
  const dir = await mkdtemp(join(helm.workDir, "chart-"));
  const file = join(dir, `${resolved.chart}-${resolved.entry.version}.tgz`);
  try {
    await writeFile(file, body, { mode: 0o600 });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    file,
    ref,
    chart: resolved.chart,
    version: resolved.entry.version,
    appVersion: resolved.entry.appVersion,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
