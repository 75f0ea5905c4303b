import { Gunzip, Inflate } from "fflate";

/**
 * A refusal while reading a file or an archive entry: becomes an error finding
 * on `file` (the entry's full name, `bundle.zip:deploy/api.yaml`).
 */
export class ReadRefusal extends Error {
  constructor(
    readonly file: string,
    message: string,
    /** Nothing after this can be read either (the byte budget is spent). */
    readonly fatal = false,
  ) {
    super(message);
  }
}

/** Decoded bytes left for every file together; archives spend their unpacked content. */
export class ByteBudget {
  used = 0;
  constructor(readonly limit: number) {}
  get left(): number {
    return this.limit - this.used;
  }
  /** Spends `bytes`, or refuses (fatally: the budget is shared by every file) when they do not fit. */
  spend(file: string, bytes: number): void {
    if (this.used + bytes > this.limit) throw new ReadRefusal(file, tooLarge(this.limit), true);
    this.used += bytes;
  }
}

export const tooLarge = (limit: number) =>
  `the files together are larger than ${formatBytes(limit)} (the limit for all files, archives unpacked)`;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * Compressed input is pushed in small slices: one deflate slice can grow at
 * most ~1000x, so each push allocates about a MiB even for a crafted bomb,
 * and inflating stops as soon as the output passes `limit`.
 */
const SLICE = 1024;

/** Inflates raw deflate (zip) or gzip data; null as soon as the output would pass `limit` bytes. */
export function inflateWithin(
  data: Uint8Array,
  format: "deflate" | "gzip",
  limit: number,
): Uint8Array | null {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let over = false;
  const onData = (chunk: Uint8Array) => {
    if (over) return;
    size += chunk.length;
    if (size > limit) over = true;
    else chunks.push(chunk);
  };
  const stream = format === "gzip" ? new Gunzip(onData) : new Inflate(onData);
  for (let at = 0; at < data.length && !over; at += SLICE) {
    stream.push(data.subarray(at, at + SLICE), at + SLICE >= data.length);
  }
  if (data.length === 0) stream.push(new Uint8Array(0), true);
  if (over) return null;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
