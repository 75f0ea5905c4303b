import { describe, expect, it } from "vitest";
import { exitMeaning, fingerprint, predictOom } from "../src/index";

const Mi = 2 ** 20;
const now = new Date("2026-11-30T10:00:00Z");
const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();

describe("predictOom", () => {
  it("a steady climb of 2 MiB/min from 200 MiB toward 256 MiB: ~28 min, worded as an estimate", () => {
    const samples = [10, 8, 6, 4, 2, 0].map((m) => ({ at: at(m), memoryBytes: (200 - 2 * m) * Mi }));
    const p = predictOom(samples, 256 * Mi, now);
    expect(p?.minutes).toBe(28);
    expect(p?.at).toBe("2026-11-30T10:28:00.000Z");
    expect(p?.slopeBytesPerMinute).toBeCloseTo(2 * Mi);
    expect(p?.text).toBe(
      "expected OOM in ~28 min (estimate: linear fit over 6 samples, +2 MiB/min toward the 256 MiB limit)",
    );
  });

  it("fits a least-squares line through noise, in any sample order", () => {
    const samples = [
      { at: at(0), memoryBytes: 151 * Mi },
      { at: at(20), memoryBytes: 99 * Mi },
      { at: at(10), memoryBytes: 126 * Mi },
      { at: at(15), memoryBytes: 110 * Mi },
      { at: at(5), memoryBytes: 138 * Mi },
    ];
    const p = predictOom(samples, 200 * Mi, now);
    // slope ≈ 2.6 MiB/min, fitted now ≈ 150.6 MiB → ≈ 19 min
    expect(p?.minutes).toBe(19);
  });

  it("says nothing when flat or falling, beyond the horizon, with too few samples, or samples from the future", () => {
    const flat = [4, 2, 0].map((m) => ({ at: at(m), memoryBytes: 100 * Mi }));
    const falling = [4, 2, 0].map((m) => ({ at: at(m), memoryBytes: (100 + m) * Mi }));
    const slow = [40, 20, 0].map((m) => ({ at: at(m), memoryBytes: (100 - m / 100) * Mi }));
    expect(predictOom(flat, 256 * Mi, now)).toBeNull();
    expect(predictOom(falling, 256 * Mi, now)).toBeNull();
    expect(predictOom(slow, 256 * Mi, now)).toBeNull();
    expect(predictOom(slow, 256 * Mi, now, { horizonMinutes: 20_000 })?.minutes).toBe(15_600);
    expect(
      predictOom(
        [
          { at: at(1), memoryBytes: Mi },
          { at: at(0), memoryBytes: 2 * Mi },
        ],
        4 * Mi,
        now,
      ),
    ).toBeNull();
    expect(
      predictOom(
        [-2, -1, 0].map((m) => ({ at: at(m), memoryBytes: (10 - m) * Mi })),
        12 * Mi,
        now,
      ),
    ).toBeNull();
  });

  it("already over the limit by the trend: 0 minutes", () => {
    const samples = [4, 2, 0].map((m) => ({ at: at(m), memoryBytes: (300 - m * 10) * Mi }));
    expect(predictOom(samples, 256 * Mi, now)?.minutes).toBe(0);
  });
});

describe("fingerprint", () => {
  const target = { kind: "Pod", namespace: "shop", name: "api-0" };

  it("is stable for the same finding, object and container, and differs otherwise", () => {
    const a = fingerprint("pod.crash-loop.oom-killed", target, "api");
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprint("pod.crash-loop.oom-killed", { ...target }, "api")).toBe(a);
    expect(fingerprint("pod.crash-loop.oom-killed", target, "sidecar")).not.toBe(a);
    expect(fingerprint("pod.crash-loop.app-error", target, "api")).not.toBe(a);
    expect(fingerprint("pod.crash-loop.oom-killed", { ...target, namespace: "other" }, "api")).not.toBe(a);
    // Names cannot collide by concatenation.
    expect(fingerprint("x.y", { kind: "Pod", namespace: "a", name: "b/c" })).not.toBe(
      fingerprint("x.y", { kind: "Pod", namespace: "a/b", name: "c" }),
    );
  });
});

describe("exitMeaning", () => {
  it("maps the usual codes, and names the signal of others above 128", () => {
    expect(exitMeaning(127).slug).toBe("command-not-found");
    expect(exitMeaning(0).meaning).toContain("finished successfully");
    expect(exitMeaning(134).meaning).toBe("exit code 134 (signal 6): the program exited with an error");
  });
});
