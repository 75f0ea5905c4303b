/**
 * The last lines of a log stream, bounded by a line count and a byte count
 * (UTF-8): pushing past either drops the oldest lines and counts them. Pure
 * data structure: no I/O, no clock, no Node APIs.
 *
 * Every line gets a sequence number (1, 2, 3, ... in push order), so a
 * reader that comes back can ask for what it has not seen (`since`) and can
 * tell whether lines were dropped in between (`oldestSeq`).
 */

export interface LogLine {
  /** 1-based position in the stream, counting dropped lines too. */
  seq: number;
  text: string;
  /** UTF-8 length of `text`. */
  bytes: number;
  /** The line was longer than the byte cap and was cut to fit. */
  truncated?: true;
}

export interface LogRingBufferOptions {
  /** At most this many lines (default 10,000). */
  maxLines?: number;
  /** At most this many bytes of line text, UTF-8 (default 4 MiB). */
  maxBytes?: number;
}

export interface SearchOptions {
  /** Match case exactly (default false). Ignored for a RegExp. */
  caseSensitive?: boolean;
  /** Return at most this many matches, the newest ones (default: all). */
  limit?: number;
}

export class LogRingBuffer {
  readonly maxLines: number;
  readonly maxBytes: number;
  private readonly slots: (LogLine | undefined)[];
  /** Index of the oldest line in `slots`. */
  private head = 0;
  private count = 0;
  private byteCount = 0;
  private nextSeq = 1;
  private droppedCount = 0;

  constructor(options: LogRingBufferOptions = {}) {
    this.maxLines = options.maxLines ?? 10_000;
    this.maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
    if (!Number.isInteger(this.maxLines) || this.maxLines < 1) {
      throw new RangeError(`maxLines must be a positive integer, got ${this.maxLines}`);
    }
    if (!Number.isInteger(this.maxBytes) || this.maxBytes < 1) {
      throw new RangeError(`maxBytes must be a positive integer, got ${this.maxBytes}`);
    }
    this.slots = new Array(this.maxLines);
  }

  /** Lines held now. */
  get size(): number {
    return this.count;
  }

  /** Bytes of line text held now. */
  get bytes(): number {
    return this.byteCount;
  }

  /** Lines dropped so far to stay within the caps. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Lines pushed so far. */
  get total(): number {
    return this.nextSeq - 1;
  }

  /** seq of the oldest line held (the next seq to come when empty). */
  get oldestSeq(): number {
    return this.nextSeq - this.count;
  }

  /** Adds one line (without its newline) and returns it as stored. */
  push(text: string): LogLine {
    let bytes = utf8Length(text);
    let line: LogLine;
    if (bytes > this.maxBytes) {
      const cut = truncateUtf8(text, this.maxBytes);
      bytes = utf8Length(cut);
      line = { seq: this.nextSeq, text: cut, bytes, truncated: true };
    } else {
      line = { seq: this.nextSeq, text, bytes };
    }
    this.nextSeq++;
    while (this.count > 0 && (this.count >= this.maxLines || this.byteCount + bytes > this.maxBytes)) {
      this.dropOldest();
    }
    this.slots[(this.head + this.count) % this.maxLines] = line;
    this.count++;
    this.byteCount += bytes;
    return line;
  }

  /** Adds lines in order. */
  pushAll(texts: Iterable<string>): void {
    for (const text of texts) this.push(text);
  }

  /** Every line held, oldest first. */
  snapshot(): LogLine[] {
    const out: LogLine[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.at(i);
    return out;
  }

  /** Lines with seq greater than `seq`, oldest first (all held lines when they are newer). */
  since(seq: number): LogLine[] {
    const first = Math.max(0, seq + 1 - this.oldestSeq);
    const out: LogLine[] = [];
    for (let i = first; i < this.count; i++) out.push(this.at(i));
    return out;
  }

  /** The last `n` lines, oldest first. */
  tail(n: number): LogLine[] {
    return this.since(this.nextSeq - 1 - Math.max(0, Math.floor(n)));
  }

  /** Lines containing `query` (a substring, or a RegExp), oldest first. */
  search(query: string | RegExp, options: SearchOptions = {}): LogLine[] {
    const test = matcher(query, options.caseSensitive ?? false);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const found: LogLine[] = [];
    for (let i = this.count - 1; i >= 0 && found.length < limit; i--) {
      const line = this.at(i);
      if (test(line.text)) found.push(line);
    }
    return found.reverse();
  }

  /**
   * `count` lines went by unread (a reader that could not take them): every
   * line held is dropped too, so the held lines stay consecutive, and all
   * count as dropped; the next line pushed follows them.
   */
  skip(count: number): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`skip count must be >= 0, got ${count}`);
    this.droppedCount += this.count + count;
    this.nextSeq += count;
    this.clear();
  }

  /** Empties the buffer; sequence numbers continue (cleared lines do not count as dropped). */
  clear(): void {
    // Only the slots in use: a stream clears after every send, and the buffer is mostly empty then.
    for (let i = 0; i < this.count; i++) this.slots[(this.head + i) % this.maxLines] = undefined;
    this.head = 0;
    this.count = 0;
    this.byteCount = 0;
  }

  private at(i: number): LogLine {
    const line = this.slots[(this.head + i) % this.maxLines];
    if (!line) throw new Error(`ring buffer slot ${i} is empty`);
    return line;
  }

  private dropOldest(): void {
    const line = this.at(0);
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.maxLines;
    this.count--;
    this.byteCount -= line.bytes;
    this.droppedCount++;
  }
}

function matcher(query: string | RegExp, caseSensitive: boolean): (text: string) => boolean {
  if (query instanceof RegExp) {
    // A global or sticky RegExp keeps lastIndex between calls; a copy without them does not.
    const re = new RegExp(query.source, query.flags.replace(/[gy]/g, ""));
    return (text) => re.test(text);
  }
  if (caseSensitive) return (text) => text.includes(query);
  const lower = query.toLowerCase();
  return (text) => text.toLowerCase().includes(lower);
}

/** UTF-8 length of a JS string (lone surrogates count as U+FFFD, 3 bytes, as TextEncoder does). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** The longest prefix of `text` whose UTF-8 length is at most `maxBytes`, never splitting a character. */
function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1));
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += pair ? 2 : 1;
  }
  return text.slice(0, i);
}
