import type { LogRingBuffer } from "@clustercord/kube";

export interface LogBatch {
  lines: string[];
  /** Lines that left the buffer unsent (it keeps the newest) since the last batch. */
  dropped: number;
  /** The last line's seq: where the next batch starts. */
  lastSeq: number;
}

/**
 * The next `logs:lines` batch after `sentSeq` (the last line sent): at most
 * `maxLines` lines and about `maxBytes` (always at least one line), and how
 * many lines the buffer dropped unsent in between. When it holds nothing
 * new but lines went by unsent (LogRingBuffer.skip), a batch of no lines
 * says how many. Null when all are sent.
 */
export function nextLogBatch(
  buffer: LogRingBuffer,
  sentSeq: number,
  limits: { maxLines: number; maxBytes: number },
): LogBatch | null {
  const pending = buffer.since(sentSeq);
  const first = pending[0];
  if (!first) {
    const unsent = buffer.total - sentSeq;
    return unsent > 0 ? { lines: [], dropped: unsent, lastSeq: buffer.total } : null;
  }
  const lines: string[] = [];
  let bytes = 0;
  let lastSeq = sentSeq;
  for (const line of pending) {
    if (lines.length >= limits.maxLines || (lines.length > 0 && bytes + line.bytes > limits.maxBytes)) break;
    lines.push(line.text);
    bytes += line.bytes;
    lastSeq = line.seq;
  }
  return { lines, dropped: Math.max(0, first.seq - sentSeq - 1), lastSeq };
}
