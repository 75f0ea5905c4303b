import { MANIFEST_LIMITS, type ManifestFinding } from "@clustercord/contracts";
import { tarEntries } from "./archive-tar";
import { type ArchiveEntry, zipEntries } from "./archive-zip";
import { ByteBudget, formatBytes, inflateWithin, ReadRefusal } from "./limits";
import { finding, type SourceFile } from "./types";

/** A file as ManifestFile carries it (after zod's defaults). */
export interface ManifestFileInput {
  name: string;
  encoding: "utf8" | "base64";
  content: string;
}

type Format = "zip" | "tar" | "tgz" | "text";

const MANIFEST_NAME = /\.(ya?ml|json)$/i;

function formatByName(name: string): Format | null {
  if (/\.zip$/i.test(name)) return "zip";
  if (/\.tar$/i.test(name)) return "tar";
  if (/\.(tar\.gz|tgz)$/i.test(name)) return "tgz";
  if (MANIFEST_NAME.test(name)) return "text";
  return null;
}

/** What the first bytes say the data is (names can lie; so can bytes, but then reading fails). */
function formatByMagic(data: Uint8Array): Format | null {
  if (data[0] === 0x50 && data[1] === 0x4b && (data[2] === 3 || data[2] === 5)) return "zip";
  if (data[0] === 0x1f && data[1] === 0x8b) return "tgz";
  if (data.length >= 262 && new TextDecoder().decode(data.subarray(257, 262)) === "ustar") return "tar";
  return null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(name: string, content: string): Uint8Array {
  const compact = content.replace(/\s+/g, "");
  if (!BASE64.test(compact) || compact.length % 4 !== 0) {
    throw new ReadRefusal(name, "is not valid base64");
  }
  return new Uint8Array(Buffer.from(compact, "base64"));
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Bytes -> text, refusing what is not YAML or JSON text: NUL bytes or invalid UTF-8 mean a binary file. */
function decodeText(name: string, data: Uint8Array): string {
  if (data.includes(0)) throw new ReadRefusal(name, "is binary (it holds NUL bytes), not YAML or JSON text");
  try {
    return utf8.decode(data);
  } catch {
    throw new ReadRefusal(name, "is not UTF-8 text, so not YAML or JSON");
  }
}

/** Why an archive entry's name is refused, or null: it must stay inside the archive. */
function unsafeEntryName(name: string): string | null {
  if (name.includes("\\")) return "uses backslashes in its path";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return "has an absolute path";
  if (name.split("/").includes("..")) return "leaves the archive (path traversal with ../)";
  if ([...name].some((c) => c.charCodeAt(0) < 32)) return "has control characters in its name";
  return null;
}

/** Archive metadata that tools add beside real files (macOS resource forks) and nobody means to apply. */
const isArchiveClutter = (name: string) =>
  name.startsWith("__MACOSX/") || (name.split("/").pop() ?? "").startsWith("._");

/** Allowance for tar headers and padding when a .tar.gz is inflated before its entries are counted. */
const tarOverhead = (entries: number) => (entries + 2) * 1024 + 10240;

function readArchive(
  archive: string,
  format: "zip" | "tar" | "tgz",
  data: Uint8Array,
  budget: ByteBudget,
  sources: SourceFile[],
  findings: ManifestFinding[],
): void {
  const maxEntries = MANIFEST_LIMITS.archiveEntries;
  let entries: ArchiveEntry[];
  if (format === "zip") entries = zipEntries(archive, data, maxEntries);
  else {
    let tar = data;
    if (format === "tgz") {
      let inflated: Uint8Array | null;
      try {
        inflated = inflateWithin(data, "gzip", budget.left + tarOverhead(maxEntries));
      } catch {
        throw new ReadRefusal(archive, "is not a readable gzip file");
      }
      if (!inflated) {
        throw new ReadRefusal(
          archive,
          `unpacks to more than ${formatBytes(budget.limit)} with the other files (the limit for all files together); refused as a possible gzip bomb`,
          true,
        );
      }
      tar = inflated;
    }
    entries = tarEntries(archive, tar, maxEntries);
  }
  // Checked before anything is unpacked: one bad entry refuses the whole archive.
  for (const entry of entries) {
    const problem = unsafeEntryName(entry.name);
    if (problem) throw new ReadRefusal(archive, `entry ${JSON.stringify(entry.name)} ${problem}; refused`);
    if (entry.kind === "link") {
      throw new ReadRefusal(archive, `entry ${JSON.stringify(entry.name)} is a link; links are refused`);
    }
  }
  // Lexical order, as `kubectl apply -R -f dir` walks a directory.
  const files = entries
    .filter((e) => e.kind !== "directory")
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of files) {
    const name = `${archive}:${entry.name.replace(/^(\.\/)+/, "")}`;
    const skip = (why: string) =>
      findings.push(finding({ step: "parse", level: "info", file: name, message: `skipped: ${why}` }));
    if (entry.kind !== "file") skip("not a regular file");
    else if (isArchiveClutter(entry.name)) skip("archive metadata, not a manifest");
    else if (!MANIFEST_NAME.test(entry.name))
      skip("only .yaml, .yml and .json files are read from an archive");
    else {
      const content = entry.read(budget.left);
      if (!content) {
        throw new ReadRefusal(
          name,
          `unpacks to more than ${formatBytes(budget.limit)} with the other files (the limit for all files together); refused as a possible zip bomb`,
          true,
        );
      }
      budget.spend(name, content.length);
      sources.push({ name, text: decodeText(name, content) });
    }
  }
}

/**
 * Files as people send them -> the YAML/JSON texts inside, with findings for
 * what was refused (errors) or skipped (info). Archives (.zip, .tar, .tar.gz,
 * .tgz) are unpacked with every directory level; their entries are named
 * `bundle.zip:deploy/api.yaml`. Never inflates past the shared byte budget.
 */
export function readManifestFiles(files: readonly ManifestFileInput[]): {
  sources: SourceFile[];
  findings: ManifestFinding[];
} {
  const budget = new ByteBudget(MANIFEST_LIMITS.totalBytes);
  const sources: SourceFile[] = [];
  const findings: ManifestFinding[] = [];
  for (const file of files) {
    try {
      if (file.encoding === "utf8") {
        budget.spend(file.name, Buffer.byteLength(file.content, "utf8"));
        if (file.content.includes("\0")) {
          throw new ReadRefusal(file.name, "is binary (it holds NUL bytes), not YAML or JSON text");
        }
        sources.push({ name: file.name, text: file.content.replace(/^\uFEFF/, "") });
        continue;
      }
      const data = decodeBase64(file.name, file.content);
      const byName = formatByName(file.name);
      const byMagic = formatByMagic(data);
      const format = byName ?? byMagic;
      if (format === null) {
        throw new ReadRefusal(
          file.name,
          "is in an unknown format: send YAML or JSON text, or a .zip, .tar, .tar.gz or .tgz archive of them",
        );
      }
      if (format === "text") {
        budget.spend(file.name, data.length);
        sources.push({ name: file.name, text: decodeText(file.name, data) });
      } else if (byMagic !== format) {
        const expected = format === "tgz" ? "gzip-compressed tar" : format;
        throw new ReadRefusal(file.name, `is not a ${expected} archive (its content says otherwise)`);
      } else {
        readArchive(file.name, format, data, budget, sources, findings);
      }
    } catch (error) {
      if (!(error instanceof ReadRefusal)) throw error;
      findings.push(finding({ step: "parse", level: "error", file: error.file, message: error.message }));
      if (error.fatal) break;
    }
  }
  return { sources, findings };
}
