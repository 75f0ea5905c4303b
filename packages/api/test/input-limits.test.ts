import { describe, expect, it } from "vitest";
import { EXEC_INPUT_BUCKET, STREAM_START_BUCKET, streamInputLimits } from "../src/sockets/input-limits";

describe("what a socket may send into streams", () => {
  it("lets a large paste through at once, then drops a flood of keystrokes and says so once", () => {
    let now = 0;
    const limits = streamInputLimits(() => now);
    expect(limits.input(EXEC_INPUT_BUCKET.capacity)).toBeNull();
    const first = limits.input(1024);
    expect(first?.code).toBe("TOO_MANY_REQUESTS");
    expect(first?.userMessage).toBe("Slow down: try again in 1 s.");
    expect(first?.firstRefusal).toBe(true);
    expect(limits.input(1024)?.firstRefusal).toBe(false);
    now += 1000; // a second refills a fast typist's worth
    expect(limits.input(1024)).toBeNull();
  });

  it("refuses a flood of stream starts before anything is checked", () => {
    let now = 0;
    const limits = streamInputLimits(() => now);
    for (let i = 0; i < STREAM_START_BUCKET.capacity; i++) limits.start();
    expect(() => limits.start()).toThrow(
      expect.objectContaining({ code: "TOO_MANY_REQUESTS", userMessage: "Slow down: try again in 1 s." }),
    );
    now += 1000;
    expect(() => limits.start()).not.toThrow();
  });
});
