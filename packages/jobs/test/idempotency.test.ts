import { describe, expect, it } from "vitest";
import { IdempotencyKeys } from "../src/idempotency";

describe("idempotency keys (regular mode)", () => {
  it("maps a key to its first job while it lives, then lets it go", () => {
    let now = 0;
    const keys = new IdempotencyKeys(() => now);
    expect(keys.claim("k", "job-1", 1_000)).toBeUndefined();
    now = 999;
    expect(keys.claim("k", "job-2", 1_000)).toBe("job-1");
    now = 1_000;
    expect(keys.claim("k", "job-3", 1_000)).toBeUndefined();
    now = 1_500;
    expect(keys.claim("k", "job-4", 1_000)).toBe("job-3");
  });

  it("keeps keys apart", () => {
    const keys = new IdempotencyKeys(() => 0);
    expect(keys.claim("a", "job-a", 1_000)).toBeUndefined();
    expect(keys.claim("b", "job-b", 1_000)).toBeUndefined();
    expect(keys.claim("a", "job-x", 1_000)).toBe("job-a");
  });

  it("forgets expired keys, so memory follows what is still alive", () => {
    let now = 0;
    const keys = new IdempotencyKeys(() => now);
    for (let i = 0; i < 100; i++) keys.claim(`old-${i}`, `job-${i}`, 1_000);
    expect(keys.size).toBe(100);
    now = 61_000; // past the keys' lifetime and the sweep interval
    keys.claim("new", "job-new", 1_000);
    expect(keys.size).toBe(1);
  });
});
