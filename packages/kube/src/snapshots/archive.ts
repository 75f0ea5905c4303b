/**
 * The snapshot archive: a `.tar.gz` streamed out as it is written (the
 * caller seals the stream and stores it), with bounded memory: objects are
 * buffered per file up to FILE_PART_BYTES, then the file is written and a
 * further part starts. `manifest.json` comes last (it holds the counts).
 * The reader takes the whole (decrypted) archive and parses only the
 * documents asked for.
 */
import type { Readable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import * as tar from "tar-stream";
import { archiveFileOf, identityKey, indexEntryOf } from "./strip";
import type { IndexEntry, ListableKind, ObjectIdentity, SnapshotManifest, SnapshotObject } from "./types";
import { toYaml } from "./yaml-emit";
import { readYamlDocument } from "./yaml-read";

export const MANIFEST_FILE = "manifest.json";
/** A file is split into parts past this size, so no more than this is held per open file. */
export const FILE_PART_BYTES = 4 * 1024 * 1024;
/** The most an archive may hold uncompressed when read back (guards against a decompression bomb). */
export const ARCHIVE_MAX_BYTES = 1024 * 1024 * 1024;

interface OpenFile {
  kind: ListableKind;
  namespace: string;
  part: number;
  name: string;
  chunks: string[];
  bytes: number;
  docs: number;
}

export interface SnapshotArchiveWriter {
  /** The `.tar.gz` bytes, as they are produced; read it (backpressure holds the writer). */
  readonly stream: Readable;
  /** Adds one stripped object of `kind`. */
  add(kind: ListableKind, object: SnapshotObject): Promise<void>;
  /** Writes the buffered files (call after each kind, so few files are open at once). */
  flush(): Promise<void>;
  /** Objects added so far. */
  readonly count: number;
  /** Writes the manifest (its `objects` index filled in here) and ends the archive. */
  finish(manifest: Omit<SnapshotManifest, "objects">): Promise<SnapshotManifest>;
  /** Ends the stream with an error (the reader sees it). */
  abort(error: Error): void;
}

export function createSnapshotArchive(): SnapshotArchiveWriter {
  const pack = tar.pack();
  const gzip = createGzip({ level: 6 });
  pack.pipe(gzip);
  pack.on("error", (error: Error) => gzip.destroy(error));
  const index: IndexEntry[] = [];
  const open = new Map<string, OpenFile>();
  const parts = new Map<string, number>();
  let lastKey = "";
  const mtime = new Date();

  const entry = (name: string, body: Buffer) =>
    new Promise<void>((resolve, reject) => {
      pack.entry({ name, size: body.length, mtime, mode: 0o644 }, body, (error) =>
        error ? reject(error) : resolve(),
      );
    });

  const writeFile = async (file: OpenFile) => {
    open.delete(`${file.namespace}|${file.kind.group}|${file.kind.kind}`);
    if (file.docs > 0) await entry(file.name, Buffer.from(file.chunks.join(""), "utf8"));
  };

  return {
    stream: gzip,
    get count() {
      return index.length;
    },
    async add(kind, object) {
      const namespace = (object.metadata.namespace as string | undefined) ?? "";
      const key = `${namespace}|${kind.group}|${kind.kind}`;
      // Lists come sorted by namespace: a file is complete when the namespace changes (one open file at a time).
      if (key !== lastKey) {
        const previous = open.get(lastKey);
        if (previous) await writeFile(previous);
        lastKey = key;
      }
      let file = open.get(key);
      if (!file) {
        const part = (parts.get(key) ?? 0) + 1;
        parts.set(key, part);
        file = {
          kind,
          namespace,
          part,
          name: archiveFileOf(kind, namespace, part),
          chunks: [],
          bytes: 0,
          docs: 0,
        };
        open.set(key, file);
      }
      const text = `---\n${toYaml(object)}`;
      index.push(indexEntryOf(object, file.name, file.docs));
      file.chunks.push(text);
      file.docs += 1;
      file.bytes += text.length;
      if (file.bytes >= FILE_PART_BYTES) await writeFile(file);
    },
    async flush() {
      for (const file of [...open.values()]) await writeFile(file);
    },
    async finish(manifest) {
      for (const file of [...open.values()]) await writeFile(file);
      const full: SnapshotManifest = { ...manifest, objects: index };
      await entry(MANIFEST_FILE, Buffer.from(JSON.stringify(full), "utf8"));
      pack.finalize();
      return full;
    },
    abort(error) {
      pack.destroy(error);
      gzip.destroy(error);
    },
  };
}

/** Where a diff or a restore reads objects from: a snapshot, or the live cluster collected the same way. */
export interface SnapshotSource {
  readonly index: readonly IndexEntry[];
  get(entry: IndexEntry): SnapshotObject | null | Promise<SnapshotObject | null>;
}

export interface SnapshotArchive extends SnapshotSource {
  readonly manifest: SnapshotManifest;
  /** Every file name in the archive (manifest.json included). */
  readonly files: string[];
  /** A file's text, e.g. to list or download one namespace's YAML. */
  fileText(name: string): string | undefined;
  /** One object by identity (the group's version does not matter), parsed on demand. */
  find(ref: ObjectIdentity): SnapshotObject | null;
}

export class SnapshotArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SnapshotArchiveError";
  }
}

/** Reads a `.tar.gz` written by createSnapshotArchive. Throws SnapshotArchiveError when it is not one. */
export async function readSnapshotArchive(stream: Readable): Promise<SnapshotArchive> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  const gunzip = createGunzip();
  stream.on("error", (error) => gunzip.destroy(error));
  gunzip.on("error", (error) => extract.destroy(error));
  stream.pipe(gunzip).pipe(extract as unknown as NodeJS.WritableStream);
  let total = 0;
  try {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > ARCHIVE_MAX_BYTES)
          throw new SnapshotArchiveError("the snapshot archive is larger than 1 GiB unpacked");
        chunks.push(chunk);
      }
      if (entry.header.type === "file") files.set(entry.header.name, Buffer.concat(chunks));
    }
  } catch (error) {
    stream.destroy();
    if (error instanceof SnapshotArchiveError) throw error;
    throw new SnapshotArchiveError(`the snapshot archive could not be read: ${(error as Error).message}`);
  }
  const manifestBytes = files.get(MANIFEST_FILE);
  if (!manifestBytes) throw new SnapshotArchiveError("the snapshot archive has no manifest.json");
  let manifest: SnapshotManifest;
  try {
    manifest = JSON.parse(manifestBytes.toString("utf8")) as SnapshotManifest;
  } catch {
    throw new SnapshotArchiveError("the snapshot archive's manifest.json is not valid JSON");
  }
  if (manifest?.format !== 1 || !Array.isArray(manifest.objects)) {
    throw new SnapshotArchiveError(
      "the snapshot archive's manifest.json is not a ClusterCord snapshot manifest",
    );
  }
  return archiveOver(manifest, files);
}

/** Splits a file we wrote into its documents: each starts with a `---` line (never inside a document, see yaml-emit). */
function splitDocuments(text: string): string[] {
  return text.split(/^---\n/m).slice(1);
}

function archiveOver(manifest: SnapshotManifest, files: Map<string, Buffer>): SnapshotArchive {
  const docsOf = new Map<string, string[]>();
  const byKey = new Map<string, IndexEntry>();
  for (const e of manifest.objects) byKey.set(identityKey(e), e);
  const get = (e: IndexEntry): SnapshotObject | null => {
    let docs = docsOf.get(e.file);
    if (!docs) {
      const bytes = files.get(e.file);
      if (!bytes) return null;
      docs = splitDocuments(bytes.toString("utf8"));
      docsOf.set(e.file, docs);
    }
    const text = docs[e.doc];
    return text === undefined ? null : (readYamlDocument(text) as SnapshotObject);
  };
  return {
    manifest,
    index: manifest.objects,
    files: [...files.keys()],
    fileText: (name) => files.get(name)?.toString("utf8"),
    get,
    find: (ref) => {
      const e = byKey.get(identityKey(ref));
      return e ? get(e) : null;
    },
  };
}

/** A source over objects held in memory (the live cluster, collected as the person). */
export function memorySource(objects: readonly SnapshotObject[]): SnapshotSource {
  const index: IndexEntry[] = [];
  const byFile = new Map<string, SnapshotObject>();
  objects.forEach((o, i) => {
    const file = `memory:${i}`;
    index.push(indexEntryOf(o, file, 0));
    byFile.set(file, o);
  });
  return { index, get: (e) => byFile.get(e.file) ?? null };
}
