/**
 * A fast-logging container for the local control plane: every simulated
 * container's log is one CRI-format file that the kwok controller follows
 * (packages/testenv/cluster/CLUSTER.md), so appending lines to it is the
 * container logging. Lines carry a run marker and a sequence number, so a
 * reader counts exactly the lines of its own run.
 */
import { appendFile } from "node:fs/promises";

/** The text after the CRI prefix, as readers see it: `BENCH <run> <seq> ...`, about `lineBytes` long. */
export function benchLogText(run: string, seq: number, lineBytes: number): string {
  const head = `BENCH ${run} ${seq} INFO handled request GET /api/items/${seq} status=200 duration=${seq % 97}ms`;
  return head.length >= lineBytes ? head : `${head} ${"x".repeat(lineBytes - head.length - 1)}`;
}

/**
 * Appends `count` lines of run `run` to the log file, `chunkLines` per write
 * (O_APPEND writes of whole lines, so the cluster's own 1/s writer cannot tear them).
 */
export async function appendLogBurst(
  logsFile: string,
  opts: { run: string; count: number; lineBytes: number; chunkLines?: number },
): Promise<{ bytes: number }> {
  const chunkLines = opts.chunkLines ?? 2_000;
  let bytes = 0;
  for (let start = 0; start < opts.count; start += chunkLines) {
    const ts = new Date().toISOString().replace("Z", "000000Z");
    const end = Math.min(opts.count, start + chunkLines);
    let chunk = "";
    for (let seq = start; seq < end; seq++)
      chunk += `${ts} stdout F ${benchLogText(opts.run, seq, opts.lineBytes)}\n`;
    await appendFile(logsFile, chunk);
    bytes += chunk.length;
  }
  return { bytes };
}

/** Counts the lines of one run in a stream of text chunks (lines may span chunks). */
export class RunLineCounter {
  count = 0;
  lastAt = 0;
  firstAt = 0;
  private rest = "";
  private readonly marker: string;

  constructor(run: string) {
    this.marker = `BENCH ${run} `;
  }

  /** Whole lines (a socket's `logs:lines`). */
  lines(lines: readonly string[], now: number) {
    for (const line of lines) if (line.includes(this.marker)) this.seen(now);
  }

  /** Raw text (kubectl's stdout). */
  text(chunk: string, now: number) {
    const text = this.rest + chunk;
    const cut = text.lastIndexOf("\n");
    if (cut < 0) {
      this.rest = text;
      return;
    }
    this.rest = text.slice(cut + 1);
    let from = 0;
    for (;;) {
      const at = text.indexOf(this.marker, from);
      if (at < 0 || at > cut) break;
      this.seen(now);
      const eol = text.indexOf("\n", at);
      from = eol < 0 ? text.length : eol + 1;
    }
  }

  private seen(now: number) {
    if (this.count === 0) this.firstAt = now;
    this.count++;
    this.lastAt = now;
  }
}
