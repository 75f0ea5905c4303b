import { MANIFEST_LIMITS, type ManifestFile } from "@clustercord/contracts";
import { type AttachmentLike, downloadAttachmentBytes, downloadAttachmentText } from "../../attachment-text";
import { UserError } from "../../user-error";

/** What an attachment is sent as: YAML/JSON as text, archives as base64 (the API unpacks them). */
export type ManifestFileKind = "text" | "archive";

const TEXT = [".yaml", ".yml", ".json"];
const ARCHIVE = [".zip", ".tar", ".tgz", ".tar.gz"];
const ACCEPTED = "attach .yaml, .yml or .json files, or a .zip, .tar or .tgz of them";

/** The kind of a file by its name, or null for anything else. */
export function manifestFileKind(name: string): ManifestFileKind | null {
  const lower = name.toLowerCase();
  if (TEXT.some((ext) => lower.endsWith(ext))) return "text";
  if (ARCHIVE.some((ext) => lower.endsWith(ext))) return "archive";
  return null;
}

const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
const LIMIT = MANIFEST_LIMITS.totalBytes;

/**
 * Refusals decided from what Discord says about the attachments, before
 * anything is downloaded: a type we do not read, or more than 1 MiB together.
 */
export function checkManifestAttachments(files: readonly AttachmentLike[]): void {
  if (files.length === 0) throw new UserError(`Nothing attached: ${ACCEPTED}.`);
  for (const f of files) {
    if (!manifestFileKind(f.name)) throw new UserError(`${f.name}: ${ACCEPTED}. Nothing was changed.`);
  }
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > LIMIT) {
    const which = files.length === 1 ? `${files[0]?.name} is` : "The files together are";
    throw new UserError(
      `${which} ${mib(total)}; manifests may be at most 1 MiB in all (archives count as uploaded). Nothing was changed.`,
    );
  }
}

/**
 * The attachments as manifests.* takes them, read through the one attachment
 * reader with a shared 1 MiB budget (each download may use what the earlier
 * ones left). The API parses and checks everything itself.
 */
export async function readManifestFiles(
  files: readonly AttachmentLike[],
  timeoutMs = 10_000,
): Promise<ManifestFile[]> {
  checkManifestAttachments(files);
  const out: ManifestFile[] = [];
  let left = LIMIT;
  for (const file of files) {
    const limits = {
      maxBytes: left,
      timeoutMs,
      tooLarge: () =>
        new UserError(`${file.name}: manifests may be at most 1 MiB in all. Nothing was changed.`),
    };
    if (manifestFileKind(file.name) === "archive") {
      const bytes = await downloadAttachmentBytes(file, limits);
      left -= bytes.byteLength;
      out.push({ name: file.name, encoding: "base64", content: bytes.toString("base64") });
    } else {
      const text = await downloadAttachmentText(file, { ...limits, notText: `${ACCEPTED}.` });
      left -= Buffer.byteLength(text);
      out.push({ name: file.name, encoding: "utf8", content: text });
    }
  }
  return out;
}
