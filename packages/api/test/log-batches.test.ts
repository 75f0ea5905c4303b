import { LogRingBuffer } from "@clustercord/kube";
import { describe, expect, it } from "vitest";
import { nextLogBatch } from "../src/sockets/log-batches";

const limits = { maxLines: 3, maxBytes: 10 };

describe("nextLogBatch", () => {
  it("takes lines after the last one sent, at most maxLines, and null once all are sent", () => {
    const buffer = new LogRingBuffer({ maxLines: 100, maxBytes: 1_000 });
    buffer.pushAll(["a", "b", "c", "d"]);
    const first = nextLogBatch(buffer, 0, limits);
    expect(first).toEqual({ lines: ["a", "b", "c"], dropped: 0, lastSeq: 3 });
    expect(nextLogBatch(buffer, 3, limits)).toEqual({ lines: ["d"], dropped: 0, lastSeq: 4 });
    expect(nextLogBatch(buffer, 4, limits)).toBeNull();
  });

  it("stays within maxBytes, but always sends at least one line", () => {
    const buffer = new LogRingBuffer({ maxLines: 100, maxBytes: 1_000 });
    buffer.pushAll(["12345678", "abc", "x".repeat(50)]);
    expect(nextLogBatch(buffer, 0, limits)?.lines).toEqual(["12345678"]);
    expect(nextLogBatch(buffer, 1, limits)?.lines).toEqual(["abc"]);
    expect(nextLogBatch(buffer, 2, limits)?.lines).toEqual(["x".repeat(50)]);
  });

  it("counts the lines the buffer dropped before they were sent", () => {
    const buffer = new LogRingBuffer({ maxLines: 4, maxBytes: 1_000 });
    buffer.pushAll(["1", "2"]);
    expect(nextLogBatch(buffer, 0, limits)?.lastSeq).toBe(2);
    // While the socket was full: 8 more lines, of which the buffer keeps the newest 4.
    buffer.pushAll(["3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(nextLogBatch(buffer, 2, limits)).toEqual({ lines: ["7", "8", "9"], dropped: 4, lastSeq: 9 });
    expect(nextLogBatch(buffer, 9, limits)).toEqual({ lines: ["10"], dropped: 0, lastSeq: 10 });
  });

  it("says how many lines went by unsent in a batch of no lines when nothing newer is held", () => {
    const buffer = new LogRingBuffer({ maxLines: 4, maxBytes: 1_000 });
    buffer.pushAll(["1", "2", "3"]);
    expect(nextLogBatch(buffer, 0, { maxLines: 2, maxBytes: 100 })?.lastSeq).toBe(2);
    // The client stopped reading: "3" (held, unsent) and 10 lines read past are dropped.
    buffer.skip(10);
    expect(nextLogBatch(buffer, 2, limits)).toEqual({ lines: [], dropped: 11, lastSeq: 13 });
    expect(nextLogBatch(buffer, 13, limits)).toBeNull();
    buffer.push("14");
    expect(nextLogBatch(buffer, 13, limits)).toEqual({ lines: ["14"], dropped: 0, lastSeq: 14 });
  });

  it("keeps counting from where it was after the sent lines are cleared", () => {
    const buffer = new LogRingBuffer({ maxLines: 4, maxBytes: 1_000 });
    buffer.pushAll(["1", "2"]);
    buffer.clear();
    buffer.push("3");
    expect(nextLogBatch(buffer, 2, limits)).toEqual({ lines: ["3"], dropped: 0, lastSeq: 3 });
  });
});
