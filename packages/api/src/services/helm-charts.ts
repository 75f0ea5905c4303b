import { AppError } from "@clustercord/contracts";
import type { ApiDeps } from "../context";

// PLACEHOLDER (notBuilt): the catalog helper replaces this; none may remain.
const notBuilt = (): never => {
  throw new AppError("INTERNAL", { userMessage: "Not built yet." });
};

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
  _deps: ApiDeps,
  _guildId: string,
  _ref: string,
  _version?: string,
): Promise<DownloadedChart> {
  return notBuilt();
}
