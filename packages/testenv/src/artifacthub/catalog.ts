/**
 * The packages the ArtifactHub stand-in knows: read from a served local
 * chart repository (its index.yaml, and each archive's values.yaml and
 * README.md via the system `tar`), shaped as ArtifactHub's API answers.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { parse as parseYaml } from "yaml";

const run = promisify(execFile);

export interface StandInVersion {
  version: string;
  appVersion: string | null;
  description: string;
  keywords: string[];
  /** Seconds since the epoch (ArtifactHub's `ts`). */
  ts: number;
  digest: string | null;
  values: string;
  readme: string | null;
  changes: { kind: string; description: string }[];
}

export interface StandInPackage {
  packageId: string;
  name: string;
  /** Newest first. */
  versions: StandInVersion[];
}

interface IndexEntry {
  name: string;
  version: string;
  appVersion?: string;
  description?: string;
  keywords?: string[];
  created?: string;
  digest?: string;
  urls: string[];
  annotations?: Record<string, string>;
}

/** ArtifactHub's ids are UUIDs; the stand-in's are stable per repository and chart. */
export function packageIdOf(repoName: string, chart: string): string {
  const h = createHash("sha256").update(`${repoName}/${chart}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

async function fileFromArchive(archive: string, path: string): Promise<string | null> {
  try {
    const { stdout } = await run("tar", ["-xzOf", archive, path], { maxBuffer: 8 * 1024 * 1024 });
    return stdout;
  } catch {
    return null;
  }
}

const semverParts = (v: string) => v.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
function newerFirst(a: StandInVersion, b: StandInVersion): number {
  const x = semverParts(a.version);
  const y = semverParts(b.version);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] ?? 0;
    const q = y[i] ?? 0;
    if (p !== q) return p < q ? 1 : -1;
  }
  return 0;
}

/** Reads every chart of a served repository directory (index.yaml plus the .tgz files beside it). */
export async function readRepoPackages(repoDir: string, repoName: string): Promise<StandInPackage[]> {
  const index = parseYaml(await readFile(join(repoDir, "index.yaml"), "utf8")) as {
    entries: Record<string, IndexEntry[]>;
  };
  const packages: StandInPackage[] = [];
  for (const [name, entries] of Object.entries(index.entries)) {
    const versions: StandInVersion[] = [];
    for (const e of entries) {
      const archive = join(repoDir, basename(new URL(e.urls[0] ?? "", "http://x/").pathname));
      const changesText = e.annotations?.["artifacthub.io/changes"];
      versions.push({
        version: String(e.version),
        appVersion: e.appVersion ? String(e.appVersion) : null,
        description: e.description ?? "",
        keywords: e.keywords ?? [],
        ts: Math.floor(new Date(e.created ?? Date.now()).getTime() / 1000),
        digest: e.digest ?? null,
        values: (await fileFromArchive(archive, `${name}/values.yaml`)) ?? "",
        readme: await fileFromArchive(archive, `${name}/README.md`),
        changes: changesText ? ((parseYaml(changesText) as StandInVersion["changes"]) ?? []) : [],
      });
    }
    versions.sort(newerFirst);
    packages.push({ packageId: packageIdOf(repoName, name), name, versions });
  }
  return packages.sort((a, b) => (a.name < b.name ? -1 : 1));
}
