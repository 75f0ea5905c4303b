import { describe, expect, it } from "vitest";
import {
  CacheLimitError,
  cacheLimitPassed,
  cacheLimits,
  DEFAULT_CACHE_LIMITS,
  ProcessBudget,
  tooLargeMessage,
} from "../src/cache/limits";
import { LineSplitter } from "../src/cache/lines";
import { ListBodyError, ListBodyParser } from "../src/cache/list-body";

const bytes = (text: string) => new TextEncoder().encode(text);

/** The limit `run` was refused for (fails the test when it was not refused). */
function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CacheLimitError);
    return (error as CacheLimitError).exceeded;
  }
  throw new Error("expected a CacheLimitError");
}

/** Feeds `text` to a parser in pieces of `size` bytes; returns the items and the head. */
function parse(text: string, size: number, maxBytes = 1 << 20) {
  const items: { item: unknown; bytes: number }[] = [];
  const parser = new ListBodyParser({ maxBytes, onItem: (item, n) => items.push({ item, bytes: n }) });
  const all = bytes(text);
  for (let i = 0; i < all.length; i += size) parser.push(all.subarray(i, i + size));
  return { items, head: parser.end() };
}

const podList = JSON.stringify(
  {
    kind: "PodList",
    apiVersion: "v1",
    metadata: { resourceVersion: "42", continue: 'tok"en' },
    items: [
      { metadata: { name: "a", namespace: "x", annotations: { note: 'braces } ] { [ and "quotes" \\' } } },
      { metadata: { name: "ü-unicode" }, spec: { containers: [{ name: "c", args: ["[", "}"] }] } },
      { metadata: { name: "c" }, status: { phase: "Running", conditions: [] } },
    ],
  },
  null,
  1,
);

describe("ListBodyParser: a LIST answer parsed as it streams", () => {
  it("yields the same items and head as JSON.parse, however the bytes are split", () => {
    const whole = JSON.parse(podList);
    for (const size of [1, 2, 3, 7, 64, 100_000]) {
      const { items, head } = parse(podList, size);
      expect(
        items.map((i) => i.item),
        `pieces of ${size}`,
      ).toEqual(whole.items);
      expect(head).toEqual({
        kind: "PodList",
        apiVersion: "v1",
        metadata: { resourceVersion: "42", continue: 'tok"en' },
      });
    }
  });

  it("reports each item's JSON byte length", () => {
    const { items } = parse('{"items":[{"a":"é"} , {}],"metadata":{}}', 5);
    expect(items.map((i) => i.bytes)).toEqual([bytes('{"a":"é"}').length, 2]);
  });

  it("reads the head wherever it is, and an empty or null items list", () => {
    expect(parse('{"items":[],"metadata":{"resourceVersion":"7"},"kind":"X"}', 4).head).toEqual({
      kind: "X",
      metadata: { resourceVersion: "7" },
    });
    expect(parse('{"kind":"X","items":null,"extra":[1,{"a":[2]}],"n":12.5e3,"t":true}', 3)).toEqual({
      items: [],
      head: { kind: "X" },
    });
  });

  it("refuses a body past maxBytes before it is complete", () => {
    const parser = new ListBodyParser({ maxBytes: 100, onItem: () => undefined });
    parser.push(bytes(`{"items":[${'{"a":1},'.repeat(10)}`));
    expect(refusal(() => parser.push(bytes('{"a":1},'.repeat(5))))).toEqual({
      name: "response-bytes",
      max: 100,
    });
  });

  it("stops at once when onItem refuses (the cache's object limit)", () => {
    let seen = 0;
    const parser = new ListBodyParser({
      maxBytes: 1 << 20,
      onItem: () => {
        if (++seen > 2) throw new CacheLimitError({ name: "objects", max: 2 }, "too many");
      },
    });
    expect(() => parser.push(bytes(`{"items":[${'{"a":1},'.repeat(10)}{}]}`))).toThrow(/limit: objects 2/);
    expect(seen).toBe(3);
  });

  it("names what is wrong with a body that is not a list", () => {
    const cases: [string, RegExp][] = [
      ["[1,2]", /not a JSON object/],
      ['{"items":[1]}', /an item is not an object/],
      ['{"items":["a"]}', /an item is not an object/],
      ['{"items":[[]]}', /an item is not an object/],
      ['{"kind" "X"}', /":" is missing after "kind"/],
      ['{"kind":}', /"kind" has no value/],
      ['{"items":[{"a":1}', /ended early/],
      ['{"a":1} x', /more after its end/],
      ["", /ended early/],
    ];
    for (const [text, message] of cases) {
      expect(() => parse(text, 2), text).toThrow(ListBodyError);
      expect(() => parse(text, 2), text).toThrow(message);
    }
    // A broken item is JSON.parse's to find.
    expect(() => parse('{"items":[{"a":tru}]}', 2)).toThrow(SyntaxError);
  });
});

describe("LineSplitter: watch events, one per line, each within the cap", () => {
  it("joins lines split across chunks and drops empty ones", () => {
    const lines = new LineSplitter(100);
    expect(lines.push(bytes('{"type":"ADDED"'))).toEqual([]);
    expect(lines.push(bytes('}\n\n{"type":"BOOKMARK"}\n{"ty'))).toEqual([
      '{"type":"ADDED"}',
      '{"type":"BOOKMARK"}',
    ]);
    expect(lines.push(bytes("pe"))).toEqual([]);
    expect(lines.end()).toBe('{"type');
    expect(lines.end()).toBeUndefined();
  });

  it("keeps multi-byte characters split between chunks whole", () => {
    const all = bytes('{"name":"Ünïcødé"}\n');
    const lines = new LineSplitter(100);
    const out = [...lines.push(all.subarray(0, 11)), ...lines.push(all.subarray(11))];
    expect(out).toEqual(['{"name":"Ünïcødé"}']);
  });

  it("refuses a line that grows past the cap, even without its newline", () => {
    const lines = new LineSplitter(10);
    expect(lines.push(bytes("0123456789\n"))).toEqual(["0123456789"]);
    lines.push(bytes("01234"));
    expect(refusal(() => lines.push(bytes("56789A")))).toEqual({ name: "response-bytes", max: 10 });
  });
});

describe("limits", () => {
  it("has documented defaults and takes overrides, refusing nonsense by name", () => {
    expect(cacheLimits()).toEqual(DEFAULT_CACHE_LIMITS);
    expect(DEFAULT_CACHE_LIMITS).toMatchObject({
      maxResponseBytes: 32 * 1024 * 1024,
      maxObjects: 50_000,
      maxProcessObjects: 300_000,
    });
    expect(cacheLimits({ maxObjects: 10 }).maxObjects).toBe(10);
    expect(() => cacheLimits({ maxPages: 0 })).toThrow(
      "cache limit maxPages must be a positive integer, got 0",
    );
    expect(() => cacheLimits({ maxObjects: 1.5 })).toThrow(/maxObjects/);
  });

  it("says which of a cache's own limits a holding passes", () => {
    const limits = { maxObjects: 10, maxCacheBytes: 1000 };
    expect(cacheLimitPassed({ objects: 10, bytes: 1000 }, limits)).toBeUndefined();
    expect(cacheLimitPassed({ objects: 11, bytes: 0 }, limits)).toEqual({ name: "objects", max: 10 });
    expect(cacheLimitPassed({ objects: 1, bytes: 1001 }, limits)).toEqual({ name: "bytes", max: 1000 });
  });

  it("shares one process budget between caches, refusing growth past it but never shrinking", () => {
    const budget = new ProcessBudget({ objects: 100, bytes: 10_000 });
    const a = {};
    const b = {};
    expect(budget.claim(a, { objects: 60, bytes: 1000 })).toBeUndefined();
    expect(budget.claim(b, { objects: 50, bytes: 1000 })).toEqual({ name: "process-objects", max: 100 });
    expect(budget.total).toEqual({ objects: 60, bytes: 1000 }); // a refused claim changes nothing
    expect(budget.claim(b, { objects: 40, bytes: 9000 })).toBeUndefined();
    expect(budget.claim(b, { objects: 40, bytes: 9001 })).toEqual({ name: "process-bytes", max: 10_000 });
    // Over the limit already (limits lowered, or a claim grew elsewhere): shrinking is always allowed.
    expect(budget.claim(a, { objects: 50, bytes: 500 })).toBeUndefined();
    expect(budget.total).toEqual({ objects: 90, bytes: 9500 });
    budget.release(a);
    expect(budget.total).toEqual({ objects: 40, bytes: 9000 });
    expect(budget.claim(b, { objects: 100, bytes: 10_000 })).toBeUndefined();
  });

  it("words each limit for people, naming the kind and the limit", () => {
    expect(tooLargeMessage("pods", { name: "objects", max: 50_000 })).toMatch(
      /^This cluster has more pods than ClusterCord's limit \(50,000\)/,
    );
    expect(tooLargeMessage("configmaps", { name: "response-bytes", max: 32 * 1024 * 1024 })).toContain(
      "over 32 MiB",
    );
    expect(tooLargeMessage("pods", { name: "pages", max: 1000 })).toContain("past 1,000 pages");
    expect(tooLargeMessage("pods", { name: "process-objects", max: 300_000 })).toContain("(300,000)");
    for (const name of ["bytes", "caches-per-cluster", "process-bytes"] as const)
      expect(tooLargeMessage("pods", { name, max: 2048 })).toMatch(/pods.*limit|limit.*pods/);
  });
});
