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

/**
 * Appends `writtenAt.length` lines of run `run` at a steady `rate`, one write
 * every `tickMs`, noting in `writtenAt[seq]` when each line was written (before
 * the write, so a reader never sees a line whose time is not set yet).
 */
export async function appendLogPaced(
  logsFile: string,
  opts: { run: string; rate: number; lineBytes: number; tickMs?: number },
  writtenAt: Float64Array,
  now: () => number,
): Promise<{ bytes: number; seconds: number }> {
  const tickMs = opts.tickMs ?? 50;
  const total = writtenAt.length;
  const started = now();
  let seq = 0;
  let bytes = 0;
  for (let tick = 1; seq < total; tick++) {
    // As many lines as the rate owes by this tick (catches up after a late tick).
    const due = Math.min(total, Math.round((opts.rate * tick * tickMs) / 1000));
    const ts = new Date().toISOString().replace("Z", "000000Z");
    let chunk = "";
    const from = seq;
    for (; seq < due; seq++) chunk += `${ts} stdout F ${benchLogText(opts.run, seq, opts.lineBytes)}\n`;
    writtenAt.fill(now(), from, seq);
    await appendFile(logsFile, chunk);
    bytes += chunk.length;
    const wait = started + tick * tickMs - now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return { bytes, seconds: (now() - started) / 1000 };
}

/** Counts the lines of one run in a stream of text chunks (lines may span chunks). */
export class RunLineCounter {
  count = 0;
  lastAt = 0;
  firstAt = 0;
  private rest = "";
  private readonly marker: string;

  /** `onLine` (optional) gets each line's sequence number and arrival time. */
  constructor(
    run: string,
    private readonly onLine?: (seq: number, now: number) => void,
  ) {
    this.marker = `BENCH ${run} `;
  }

  /** Whole lines (a socket's `logs:lines`). */
  lines(lines: readonly string[], now: number) {
    for (const line of lines) {
      const at = line.indexOf(this.marker);
      if (at >= 0) this.seen(line, at, now);
    }
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
      this.seen(text, at, now);
      const eol = text.indexOf("\n", at);
      from = eol < 0 ? text.length : eol + 1;
    }
  }

  private seen(text: string, markerAt: number, now: number) {
    if (this.onLine)
      this.onLine(
        Number.parseInt(text.slice(markerAt + this.marker.length, markerAt + this.marker.length + 12), 10),
        now,
      );
    if (this.count === 0) this.firstAt = now;
    this.count++;
    this.lastAt = now;
  }
}
