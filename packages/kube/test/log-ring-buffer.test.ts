import { describe, expect, it } from "vitest";
import { LogRingBuffer, utf8Length } from "../src/logs/ring-buffer";

/** Lines in the shape the simulated cluster's containers print. */
const line = (i: number) =>
  `2026-11-27T03:49:${String(i % 60).padStart(2, "0")}Z INFO handled request GET /api/items/${i} status=200`;
const texts = (b: LogRingBuffer) => b.snapshot().map((l) => l.text);

describe("LogRingBuffer", () => {
  it("keeps lines in order with sequence numbers while under both caps", () => {
    const b = new LogRingBuffer({ maxLines: 5, maxBytes: 10_000 });
    b.pushAll([line(1), line(2), line(3)]);
    expect(texts(b)).toEqual([line(1), line(2), line(3)]);
    expect(b.snapshot().map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(b.size).toBe(3);
    expect(b.dropped).toBe(0);
    expect(b.bytes).toBe(line(1).length + line(2).length + line(3).length);
  });

  it("drops the oldest lines past the line cap, counting them, across many wrap-arounds", () => {
    const b = new LogRingBuffer({ maxLines: 4, maxBytes: 1_000_000 });
    for (let i = 1; i <= 23; i++) b.push(line(i));
    expect(texts(b)).toEqual([line(20), line(21), line(22), line(23)]);
    expect(b.snapshot().map((l) => l.seq)).toEqual([20, 21, 22, 23]);
    expect(b.dropped).toBe(19);
    expect(b.total).toBe(23);
    expect(b.oldestSeq).toBe(20);
    expect(b.bytes).toBe([20, 21, 22, 23].reduce((n, i) => n + line(i).length, 0));
  });

  it("drops the oldest lines past the byte cap, counting UTF-8 bytes", () => {
    // "é" is 2 bytes and "€" 3 in UTF-8: 10 characters, 13 bytes.
    const word = "café €uro!";
    expect(utf8Length(word)).toBe(13);
    const b = new LogRingBuffer({ maxLines: 100, maxBytes: 30 });
    b.pushAll([word, word]); // 26 bytes
    expect(b.size).toBe(2);
    b.push("12345"); // 31 > 30: the oldest goes
    expect(texts(b)).toEqual([word, "12345"]);
    expect(b.bytes).toBe(18);
    expect(b.dropped).toBe(1);
  });

  it("cuts a line longer than the byte cap at a character boundary and marks it", () => {
    const b = new LogRingBuffer({ maxLines: 10, maxBytes: 8 });
    b.push("ok");
    const long = b.push("ab€€€"); // 2 + 9 bytes: only "ab€€" (8) fits
    expect(long).toMatchObject({ text: "ab€€", bytes: 8, truncated: true, seq: 2 });
    expect(texts(b)).toEqual(["ab€€"]);
    expect(b.dropped).toBe(1);
    const emoji = b.push("😀😀😀"); // 4 bytes each, a surrogate pair in JS
    expect(emoji.text).toBe("😀😀");
    expect(emoji.bytes).toBe(8);
  });

  it("counts UTF-8 like TextEncoder, lone surrogates included", () => {
    const encoder = new TextEncoder();
    for (const s of ["", "plain", "naïve", "日本語のログ", "😀 ok", "\ud800x", "x\udc00"]) {
      expect(utf8Length(s), s).toBe(encoder.encode(s).length);
    }
  });

  it("answers since(seq) and tail(n) for a reader that comes back", () => {
    const b = new LogRingBuffer({ maxLines: 5 });
    for (let i = 1; i <= 8; i++) b.push(line(i));
    expect(b.since(6).map((l) => l.seq)).toEqual([7, 8]);
    expect(b.since(8)).toEqual([]);
    // The reader saw up to 2, lines 3 (dropped) is gone: it gets all that is left and can tell by oldestSeq.
    expect(b.since(2).map((l) => l.seq)).toEqual([4, 5, 6, 7, 8]);
    expect(b.oldestSeq).toBeGreaterThan(2 + 1);
    expect(b.tail(2).map((l) => l.seq)).toEqual([7, 8]);
    expect(b.tail(0)).toEqual([]);
    expect(b.tail(50).length).toBe(5);
  });

  it("searches by substring (case-insensitive by default) or RegExp, newest matches under a limit", () => {
    const b = new LogRingBuffer();
    b.pushAll([
      "INFO starting server on :8080",
      "WARN slow request GET /api/items/7 took 107ms",
      "INFO handled request GET /api/items/8 status=200",
      "warn slow request GET /api/items/9 took 109ms",
    ]);
    expect(b.search("warn").map((l) => l.seq)).toEqual([2, 4]);
    expect(b.search("WARN", { caseSensitive: true }).map((l) => l.seq)).toEqual([2]);
    expect(b.search(/took 1\d\dms/g).map((l) => l.seq)).toEqual([2, 4]);
    // A global RegExp must not skip matches because of lastIndex.
    expect(b.search(/GET/g).map((l) => l.seq)).toEqual([2, 3, 4]);
    expect(b.search("request", { limit: 2 }).map((l) => l.seq)).toEqual([3, 4]);
    expect(b.search("nothing")).toEqual([]);
  });

  it("clears without resetting sequence numbers or counting cleared lines as dropped", () => {
    const b = new LogRingBuffer({ maxLines: 3 });
    b.pushAll(["a", "b"]);
    b.clear();
    expect(b.size).toBe(0);
    expect(b.bytes).toBe(0);
    expect(b.dropped).toBe(0);
    expect(b.push("c").seq).toBe(3);
    expect(texts(b)).toEqual(["c"]);
  });

  it("skips lines it never held: the held ones are dropped with them, and seq goes on after them", () => {
    const buffer = new LogRingBuffer({ maxLines: 10, maxBytes: 1_000 });
    buffer.pushAll(["a", "b"]);
    buffer.skip(5);
    expect(buffer.size).toBe(0);
    expect(buffer.bytes).toBe(0);
    expect(buffer.dropped).toBe(7);
    expect(buffer.total).toBe(7);
    expect(buffer.push("c").seq).toBe(8);
    expect(buffer.since(0).map((l) => [l.seq, l.text])).toEqual([[8, "c"]]);
    expect(() => buffer.skip(-1)).toThrow(RangeError);
  });

  it("rejects caps that are not positive integers", () => {
    expect(() => new LogRingBuffer({ maxLines: 0 })).toThrow(RangeError);
    expect(() => new LogRingBuffer({ maxBytes: 1.5 })).toThrow(RangeError);
  });

  it("holds 100,000 pushes within the caps", () => {
    const b = new LogRingBuffer({ maxLines: 1000, maxBytes: 64 * 1024 });
    for (let i = 0; i < 100_000; i++) b.push(line(i));
    expect(b.size).toBeLessThanOrEqual(1000);
    expect(b.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(b.size + b.dropped).toBe(100_000);
    expect(b.snapshot().at(-1)?.text).toBe(line(99_999));
    const seqs = b.snapshot().map((l) => l.seq);
    expect(seqs.every((s, i) => i === 0 || s === (seqs[i - 1] ?? 0) + 1)).toBe(true);
  });
});
