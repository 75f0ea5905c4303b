/** Test helper: a real ustar archive, byte by byte (links and PAX names included, which tar libraries rarely write). */
export interface TarInput {
  name: string;
  content?: string | Uint8Array;
  /** 0 file, 1 hard link, 2 symlink, 5 directory, x PAX header. */
  type?: "0" | "1" | "2" | "5" | "x";
  linkname?: string;
  /** POSIX ustar: the directory part of a long name. */
  prefix?: string;
}

const encoder = new TextEncoder();

function header(input: TarInput, size: number): Uint8Array {
  const block = new Uint8Array(512);
  const put = (text: string, at: number, length: number) =>
    block.set(encoder.encode(text).subarray(0, length), at);
  put(input.name, 0, 100);
  put("0000644\0", 100, 8);
  put("0001750\0", 108, 8);
  put("0001750\0", 116, 8);
  put(`${size.toString(8).padStart(11, "0")}\0`, 124, 12);
  put("14712345670\0", 136, 12);
  put(input.type ?? "0", 156, 1);
  put(input.linkname ?? "", 157, 100);
  put("ustar\0", 257, 6);
  put("00", 263, 2);
  put(input.prefix ?? "", 345, 155);
  put("        ", 148, 8);
  const sum = block.reduce((a, b) => a + b, 0);
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8);
  return block;
}

export function buildTar(entries: TarInput[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const entry of entries) {
    const data =
      typeof entry.content === "string" ? encoder.encode(entry.content) : (entry.content ?? new Uint8Array());
    blocks.push(header(entry, data.length));
    const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
    padded.set(data);
    blocks.push(padded);
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** A PAX record (`<length> path=<value>\n`), its length counting itself. */
export function paxPath(path: string): string {
  const body = ` path=${path}\n`;
  let length = body.length + 1;
  while (`${length}${body}`.length !== length) length++;
  return `${length}${body}`;
}

export const base64 = (data: Uint8Array) => Buffer.from(data).toString("base64");
