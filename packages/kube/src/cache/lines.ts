/**
 * Newline-delimited JSON (a WATCH body) split into lines, never holding
 * more than `maxLineBytes` of one line: a line that grows past it is
 * refused before it is complete (pure: bytes in, lines out).
 */
import { CacheLimitError } from "./limits";

const NEWLINE = 0x0a;

export class LineSplitter {
  private parts: Uint8Array[] = [];
  private partBytes = 0;
  private readonly decoder = new TextDecoder();

  constructor(private readonly maxLineBytes: number) {}

  /** The lines completed by `chunk` (without their newline; empty lines dropped). */
  push(chunk: Uint8Array): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      this.append(chunk.subarray(start, nl));
      const line = this.take();
      if (line.trim()) lines.push(line);
      start = nl + 1;
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
    return lines;
  }

  /** The last line when the body ends without a newline. */
  end(): string | undefined {
    const line = this.take();
    return line.trim() ? line : undefined;
  }

  private append(bytes: Uint8Array): void {
    if (!bytes.length) return;
    if (this.partBytes + bytes.length > this.maxLineBytes) {
      this.parts = [];
      this.partBytes = 0;
      throw new CacheLimitError(
        { name: "response-bytes", max: this.maxLineBytes },
        `a watch event longer than ${this.maxLineBytes} bytes`,
      );
    }
    // Copied: the reader may reuse the chunk's memory.
    this.parts.push(bytes.slice());
    this.partBytes += bytes.length;
  }

  private take(): string {
    const parts = this.parts;
    this.parts = [];
    this.partBytes = 0;
    if (parts.length === 1) return this.decoder.decode(parts[0]);
    return this.decoder.decode(Buffer.concat(parts));
  }
}
