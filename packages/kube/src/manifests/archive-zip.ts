import { inflateWithin, ReadRefusal } from "./limits";

/** One entry of an archive, as the archive describes it; `read` unpacks it within a byte limit. */
export interface ArchiveEntry {
  name: string;
  kind: "file" | "directory" | "link" | "other";
  /** The content; null when it unpacks to more than `limit` bytes. */
  read(limit: number): Uint8Array | null;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const UNIX = 3;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * The entries of a zip, from its central directory (what unzip tools trust).
 * fflate inflates each entry (inflateWithin), but its Unzip reads local
 * headers and does not expose the external attributes that mark a symlink,
 * so the directory is read here. ZIP64, multi-disk and encrypted archives
 * are refused: none is needed for 1 MiB of YAML.
 */
export function zipEntries(archive: string, data: Uint8Array, maxEntries: number): ArchiveEntry[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const damaged = (what: string) => new ReadRefusal(archive, `is not a readable zip archive (${what})`);
  let end = -1;
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) throw damaged("no end of central directory");
  const count = view.getUint16(end + 10, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0) {
    throw damaged("split over several disks");
  }
  if (count === 0xffff || directoryOffset === 0xffffffff) {
    throw new ReadRefusal(archive, "is a ZIP64 archive, which is not supported");
  }
  if (count > maxEntries) {
    throw new ReadRefusal(archive, `holds ${count} entries; at most ${maxEntries}`);
  }
  const entries: ArchiveEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > data.length || view.getUint32(at, true) !== CENTRAL) throw damaged("bad central directory");
    const madeBy = view.getUint16(at + 4, true) >> 8;
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const mode = view.getUint32(at + 38, true) >>> 16;
    const localOffset = view.getUint32(at + 42, true);
    if (at + 46 + nameLength > data.length) throw damaged("bad central directory");
    // Names are UTF-8 when flag bit 11 says so, else CP437; both agree on the ASCII every path check needs.
    const name = new TextDecoder().decode(data.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;

    const isLink = madeBy === UNIX && (mode & S_IFMT) === S_IFLNK;
    const kind = isLink ? "link" : name.endsWith("/") ? "directory" : "file";
    entries.push({
      name,
      kind,
      read(limit) {
        const where = `${archive}:${name}`;
        if (flags & 1) throw new ReadRefusal(where, "is encrypted; encrypted archives are not supported");
        if (localOffset + 30 > data.length || view.getUint32(localOffset, true) !== LOCAL) {
          throw damaged(`bad local header for ${name}`);
        }
        const start =
          localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
        if (start + compressedSize > data.length) throw damaged(`${name} is cut short`);
        const raw = data.subarray(start, start + compressedSize);
        if (method === 0) return raw.length > limit ? null : raw;
        if (method !== 8) {
          throw new ReadRefusal(
            where,
            `uses compression method ${method}; only stored and deflate are supported`,
          );
        }
        let out: Uint8Array | null;
        try {
          out = inflateWithin(raw, "deflate", limit);
        } catch {
          throw damaged(`${name} does not inflate`);
        }
        if (out && out.length !== size) throw damaged(`${name} is not the size its directory says`);
        return out;
      },
    });
  }
  return entries;
}
