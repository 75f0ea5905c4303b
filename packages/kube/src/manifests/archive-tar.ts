import type { ArchiveEntry } from "./archive-zip";
import { ReadRefusal } from "./limits";

const BLOCK = 512;

const cstring = (block: Uint8Array, from: number, length: number) => {
  const field = block.subarray(from, from + length);
  const nul = field.indexOf(0);
  return new TextDecoder().decode(nul < 0 ? field : field.subarray(0, nul));
};

/** Octal number fields; base-256 (high bit set) means a size no 1 MiB budget allows. */
function octal(block: Uint8Array, from: number, length: number): number {
  if ((block[from] ?? 0) & 0x80) return Number.POSITIVE_INFINITY;
  const text = cstring(block, from, length).trim();
  return /^[0-7]*$/.test(text) ? Number.parseInt(text || "0", 8) : Number.NaN;
}

/** The checksum counts the header's bytes with its own field read as spaces. */
function checksumOk(block: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (block[i] as number);
  return octal(block, 148, 8) === sum;
}

/** PAX records: `<length> <key>=<value>\n`, the length counting the whole record. */
function paxRecords(data: Uint8Array): Record<string, string> {
  const text = new TextDecoder().decode(data);
  const records: Record<string, string> = {};
  let at = 0;
  while (at < text.length) {
    const space = text.indexOf(" ", at);
    const length = Number.parseInt(text.slice(at, space), 10);
    if (space < 0 || !(length > 0)) break;
    const record = text.slice(space + 1, at + length - 1);
    const eq = record.indexOf("=");
    if (eq > 0) records[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return records;
}

/**
 * The entries of a tar (ustar, PAX and GNU long names), read from the
 * 512-byte headers here rather than with a library: nanotar quietly rewrites
 * `../` out of names (hiding the traversal we must refuse), drops the ustar
 * name prefix and is not bounds-checked; modern-tar and tar-stream are
 * stream-based and asynchronous, and this reader is synchronous over at
 * most ~1 MiB that is already in memory.
 */
export function tarEntries(archive: string, data: Uint8Array, maxEntries: number): ArchiveEntry[] {
  const damaged = (what: string) => new ReadRefusal(archive, `is not a readable tar archive (${what})`);
  const entries: ArchiveEntry[] = [];
  let at = 0;
  let longName: string | null = null;
  let paxPath: string | null = null;
  while (at + BLOCK <= data.length) {
    const header = data.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) throw damaged(`bad header checksum at byte ${at}`);
    const size = octal(header, 124, 12);
    if (!Number.isFinite(size)) throw damaged(`bad size at byte ${at}`);
    const type = String.fromCharCode(header[156] as number);
    const start = at + BLOCK;
    if (start + size > data.length) throw damaged("cut short");
    const content = data.subarray(start, start + size);
    at = start + Math.ceil(size / BLOCK) * BLOCK;

    if (type === "x") {
      paxPath = paxRecords(content).path ?? paxPath;
      continue;
    }
    if (type === "g" || type === "K") continue; // global defaults, a long link target: nothing we use
    if (type === "L") {
      longName = cstring(content, 0, content.length);
      continue;
    }
    let name = cstring(header, 0, 100);
    // POSIX ustar ("ustar\0") splits long names into prefix/name; GNU ("ustar  ") keeps other data there.
    if (cstring(header, 257, 6) === "ustar" && header[262] === 0) {
      const prefix = cstring(header, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    name = paxPath ?? longName ?? name;
    paxPath = null;
    longName = null;

    if (entries.length >= maxEntries) {
      throw new ReadRefusal(archive, `holds more than ${maxEntries} entries; at most ${maxEntries}`);
    }
    const kind =
      type === "0" || type === "\0" || type === "7"
        ? "file"
        : type === "5"
          ? "directory"
          : type === "1" || type === "2"
            ? "link"
            : "other";
    entries.push({ name, kind, read: (limit) => (content.length > limit ? null : content) });
  }
  return entries;
}
