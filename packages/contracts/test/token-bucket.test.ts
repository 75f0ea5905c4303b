import { describe, expect, it } from "vitest";
import { KeyedBuckets, slowDownMessage, TokenBucket } from "../src/index";

describe("TokenBucket", () => {
  it("takes a cost of many tokens at once (bytes of input) and says when that many are back", () => {
    const bucket = new TokenBucket({ capacity: 100, refillPerSecond: 10 }, 0);
    expect(bucket.take(0, 80)).toEqual({ ok: true });
    expect(bucket.take(0, 50)).toEqual({ ok: false, retryAfterSeconds: 3, firstRefusal: true });
    expect(bucket.take(3000, 50)).toEqual({ ok: true });
  });

  it("lets a burst of `capacity` through, then refuses with when to come back", () => {
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 0.5 }, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)].every((t) => t.ok)).toBe(true);
    expect(bucket.take(0)).toEqual({ ok: false, retryAfterSeconds: 2, firstRefusal: true });
    // Half a token later: one more second to wait, and no longer the first refusal.
    expect(bucket.take(1000)).toEqual({ ok: false, retryAfterSeconds: 1, firstRefusal: false });
  });

  it("refills continuously at refillPerSecond, never above capacity", () => {
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 1 }, 0);
    bucket.take(0);
    bucket.take(0);
    expect(bucket.take(999).ok).toBe(false);
    expect(bucket.take(2000).ok).toBe(true);
    // A long idle time fills it only to capacity: two, not sixty.
    const later = 62_000;
    expect([bucket.take(later), bucket.take(later), bucket.take(later)].map((t) => t.ok)).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("counts a new emptying as a first refusal again after a request got through", () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1 }, 0);
    bucket.take(0);
    expect(bucket.take(0)).toMatchObject({ ok: false, firstRefusal: true });
    expect(bucket.take(100)).toMatchObject({ ok: false, firstRefusal: false });
    expect(bucket.take(1000).ok).toBe(true);
    expect(bucket.take(1000)).toMatchObject({ ok: false, firstRefusal: true });
  });

  it("does not go backwards when the clock does", () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1 }, 10_000);
    bucket.take(10_000);
    expect(bucket.take(5_000).ok).toBe(false);
    expect(bucket.take(11_000).ok).toBe(true);
  });
});

describe("KeyedBuckets", () => {
  it("keeps one bucket per key", () => {
    const buckets = new KeyedBuckets({ capacity: 1, refillPerSecond: 0.1 });
    expect(buckets.take("alice", 0).ok).toBe(true);
    expect(buckets.take("alice", 0).ok).toBe(false);
    expect(buckets.take("bob", 0).ok).toBe(true);
  });

  it("forgets buckets that are full again, so idle keys do not pile up", () => {
    const buckets = new KeyedBuckets({ capacity: 1, refillPerSecond: 1 }, 3);
    buckets.take("a", 0);
    buckets.take("b", 0);
    expect(buckets.size).toBe(2);
    // The third take sweeps: a and b are full again after 1 s; only c stays.
    buckets.take("c", 5_000);
    expect(buckets.size).toBe(1);
  });
});

describe("slowDownMessage", () => {
  it("says how many whole seconds to wait, at least one", () => {
    expect(slowDownMessage(2.2)).toBe("Slow down: try again in 3 s.");
    expect(slowDownMessage(0)).toBe("Slow down: try again in 1 s.");
  });
});
