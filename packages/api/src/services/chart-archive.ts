/**
 * Reads a few files out of a chart archive (.tgz) without writing anything:
 * gunzip with a bound on the unpacked size, then a small tar reader that
 * walks the headers and keeps only `<chart>/values.yaml`, `<chart>/README.md`
 * and `<chart>/values.schema.json` (never a nested chart's). Pure: bytes in,
 * strings out.
 */
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { AppError } from "@clustercord/contracts";

const gunzipAsync = promisify(gunzip);

/** Most an archive may unpack to (a chart is templates and text; 10 MiB packed is already large). */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
/** Most any one of the files read may be. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface ChartFiles {
  values: string | null;
  readme: string | null;
  schema: string | null;
}

const WANTED = { "values.yaml": "values", "README.md": "readme", "values.schema.json": "schema" } as const;

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString("utf8");
}

function octal(block: Buffer, start: number, length: number): number {
  const text = field(block, start, length).trim();
  return text ? Number.parseInt(text, 8) : 0;
}

/** A pax extended header's `path` record, if present. */
function paxPath(data: Buffer): string | null {
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number(data.subarray(offset, space).toString("ascii"));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString("utf8");
    const eq = record.indexOf("=");
    if (eq !== -1 && record.slice(0, eq) === "path") return record.slice(eq + 1);
    offset += length;
  }
  return null;
}

/** The wanted files of an uncompressed tar, for the chart directory `chart`. */
export function readTarFiles(tar: Buffer, chart: string): ChartFiles {
  const files: ChartFiles = { values: null, readme: null, schema: null };
  let offset = 0;
  let longName: string | null = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break; // end of archive
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0x30);
    if (!Number.isFinite(size) || size < 0) {
      throw new AppError("BAD_REQUEST", {
        userMessage: `The archive of chart ${chart} is not a valid tar file.`,
      });
    }
    const dataStart = offset + 512;
    const data = tar.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / 512) * 512;
    if (type === "L") {
      longName = field(data, 0, data.length);
      continue;
    }
    if (type === "x") {
      longName = paxPath(data);
      continue;
    }
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = null;
    if (type !== "0" && type !== "\0") continue; // regular files only
    const parts = name.replace(/^\.\//, "").split("/");
    if (parts.length !== 2 || parts[0] !== chart) continue;
    const key = WANTED[parts[1] as keyof typeof WANTED];
    if (!key) continue;
    if (size > MAX_FILE_BYTES) {
      if (key === "readme") continue; // a README that large is not worth showing
      throw new AppError("BAD_REQUEST", {
        userMessage: `${parts[1]} in chart ${chart} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB.`,
      });
    }
    files[key] = data.toString("utf8");
  }
  return files;
}

/** Unpacks a chart .tgz (bounded) and reads its values, README and schema. */
export async function readChartArchive(archive: Buffer, chart: string): Promise<ChartFiles> {
  let tar: Buffer;
  try {
    tar = await gunzipAsync(archive, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (error) {
    const tooLarge = (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
    throw new AppError("BAD_REQUEST", {
      userMessage: tooLarge
        ? `The archive of chart ${chart} unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MiB.`
        : `The archive of chart ${chart} is not a gzip file.`,
    });
  }
  return readTarFiles(tar, chart);
}
