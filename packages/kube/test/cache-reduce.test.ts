import { readFileSync } from "node:fs";
import type { V1ConfigMap, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import {
  apply,
  applyAll,
  compareResourceVersions,
  emptyState,
  type KubeObject,
  LAST_APPLIED_ANNOTATION,
  type ListState,
  type ObjectList,
  objectKey,
  replace,
  slim,
  type WatchEvent,
} from "../src/cache/reduce";

/** Recorded from a real kube-apiserver v1.37 (see the fixture's _comment). */
const recording = JSON.parse(
  readFileSync(new URL("./fixtures/watch-recording.json", import.meta.url), "utf8"),
) as { list: ObjectList<V1ConfigMap>; events: WatchEvent<V1ConfigMap>[]; pod: V1Pod };

/** Typed as the generated client's model: the reducer works on those as they are. */
type ConfigMap = V1ConfigMap;

const listed = (): ListState<ConfigMap> => replace(emptyState<ConfigMap>(), recording.list).state;
const clone = <T>(value: T): T => structuredClone(value);
const rv = (o: KubeObject | undefined) => o?.metadata?.resourceVersion;
/** The recorded object with another resourceVersion (and data), as a later or earlier event would carry. */
function version(key: string, resourceVersion: string, data?: Record<string, string>): ConfigMap {
  const base = clone(
    [...recording.list.items, ...recording.events.map((e) => e.object)].find((o) => objectKey(o) === key),
  ) as ConfigMap;
  if (!base?.metadata) throw new Error(`no ${key} in the recording`);
  base.metadata.resourceVersion = resourceVersion;
  if (data) base.data = data;
  return base;
}

describe("replace (a LIST)", () => {
  it("keys objects by namespace/name, fills in kind and apiVersion, and takes the list's resourceVersion", () => {
    const { state, changes } = replace(emptyState(), recording.list);
    expect([...state.items.keys()].sort()).toEqual(["shop/cart", "shop/checkout", "shop/kube-root-ca.crt"]);
    expect(state.resourceVersion).toBe("851");
    expect(recording.list.items[0]?.kind).toBeUndefined(); // the API server leaves it out of list items
    expect(state.items.get("shop/cart")).toMatchObject({ kind: "ConfigMap", apiVersion: "v1" });
    expect(changes.map((c) => `${c.type} ${c.key}`).sort()).toEqual([
      "added shop/cart",
      "added shop/checkout",
      "added shop/kube-root-ca.crt",
    ]);
  });

  it("strips managedFields and the last-applied annotation, keeping other annotations", () => {
    const state = listed();
    expect(recording.list.items.every((o) => o.metadata?.managedFields !== undefined)).toBe(true);
    expect(recording.list.items[0]?.metadata?.annotations?.[LAST_APPLIED_ANNOTATION]).toBeTypeOf("string");
    for (const object of state.items.values()) {
      expect(object.metadata?.managedFields).toBeUndefined();
      expect(object.metadata?.annotations?.[LAST_APPLIED_ANNOTATION]).toBeUndefined();
    }
    const ca = state.items.get("shop/kube-root-ca.crt");
    expect(ca?.metadata?.annotations?.["kubernetes.io/description"]).toMatch(/CA bundle/);
    expect(state.items.get("shop/cart")?.metadata?.annotations).toBeUndefined(); // only last-applied was there
  });

  it("reports the difference to the previous state on a relist, keeping unchanged objects as they were", () => {
    const before = listed();
    const relist: ObjectList<ConfigMap> = {
      ...clone(recording.list),
      metadata: { resourceVersion: "900" },
      items: [
        version("shop/cart", "856", { TIMEOUT: "45s" }),
        clone(recording.list.items.find((o) => o.metadata?.name === "kube-root-ca.crt") as ConfigMap),
        version("shop/payments", "857"),
      ],
    };
    const { state, changes } = replace(before, relist);
    expect(changes.map((c) => `${c.type} ${c.key}`).sort()).toEqual([
      "added shop/payments",
      "deleted shop/checkout",
      "modified shop/cart",
    ]);
    expect(state.items.get("shop/kube-root-ca.crt")).toBe(before.items.get("shop/kube-root-ca.crt"));
    expect(state.items.get("shop/cart")?.data).toEqual({ TIMEOUT: "45s" });
    expect(state.resourceVersion).toBe("900");
    expect(before.items.has("shop/checkout")).toBe(true); // the old state is untouched
  });
});

describe("apply / applyAll (WATCH events)", () => {
  it("applies the recorded MODIFIED, ADDED, DELETED and BOOKMARK events in order", () => {
    const before = listed();
    const { state, changes } = applyAll(before, recording.events);
    expect(changes.map((c) => `${c.type} ${c.key}`)).toEqual([
      "modified shop/cart",
      "added shop/payments",
      "deleted shop/checkout",
    ]);
    expect([...state.items.keys()].sort()).toEqual(["shop/cart", "shop/kube-root-ca.crt", "shop/payments"]);
    expect(state.items.get("shop/cart")?.data).toEqual({ TIMEOUT: "45s" });
    expect(state.items.get("shop/payments")?.metadata?.managedFields).toBeUndefined();
    expect(state.resourceVersion).toBe("858"); // from the bookmark (and the delete)
    // Immutable: the input state still holds what it held.
    expect(before.items.get("shop/cart")?.data).toEqual({ TIMEOUT: "30s" });
    expect(before.items.has("shop/checkout")).toBe(true);
    expect(before.resourceVersion).toBe("851");
  });

  it("gives the same result one event at a time as in one batch", () => {
    let state = listed();
    for (const event of recording.events) state = apply(state, event).state;
    const batch = applyAll(listed(), recording.events).state;
    expect([...state.items.entries()]).toEqual([...batch.items.entries()]);
    expect(state.resourceVersion).toBe(batch.resourceVersion);
  });

  it("ignores an event older than the stored object, and treats an equal version as no change", () => {
    const state = applyAll(listed(), recording.events).state; // cart at 856
    const old = apply(state, { type: "MODIFIED", object: version("shop/cart", "852", { TIMEOUT: "1s" }) });
    expect(old.changes).toEqual([]);
    expect(old.state).toBe(state);
    expect(old.state.items.get("shop/cart")?.data).toEqual({ TIMEOUT: "45s" });
    const same = apply(state, { type: "MODIFIED", object: version("shop/cart", "856", { TIMEOUT: "2s" }) });
    expect(same.changes).toEqual([]);
    expect(same.state.items.get("shop/cart")?.data).toEqual({ TIMEOUT: "45s" });
    const newer = apply(state, { type: "MODIFIED", object: version("shop/cart", "1000", { TIMEOUT: "3s" }) });
    expect(newer.changes.map((c) => c.type)).toEqual(["modified"]);
    expect(newer.state.items.get("shop/cart")?.data).toEqual({ TIMEOUT: "3s" });
    expect(newer.state.resourceVersion).toBe("1000");
  });

  it("ignores a stale DELETED for an object that was re-created since, and a DELETED for an unknown key", () => {
    const recreated = version("shop/checkout", "870");
    if (recreated.metadata) recreated.metadata.uid = "0b3c0f6e-1d1c-4c39-9d57-7d4f5b7b6b10";
    const state = apply(listed(), { type: "ADDED", object: recreated }).state;
    const staleDelete = recording.events.find((e) => e.type === "DELETED") as WatchEvent; // rv 858
    const result = apply(state, staleDelete);
    expect(result.changes).toEqual([]);
    expect(result.state.items.get("shop/checkout")?.metadata?.uid).toBe(
      "0b3c0f6e-1d1c-4c39-9d57-7d4f5b7b6b10",
    );
    const deleted = apply(state, { type: "DELETED", object: version("shop/cart", "999") });
    expect(deleted.changes.map((c) => c.type)).toEqual(["deleted"]);
    expect(deleted.state.items.has("shop/cart")).toBe(false);
    const unknown = apply(deleted.state, { type: "DELETED", object: version("shop/cart", "1001") });
    expect(unknown.changes).toEqual([]);
    expect(unknown.state).toBe(deleted.state);
    expect(unknown.state.resourceVersion).toBe("999");
  });

  it("coalesces a batch per key: added+deleted is nothing, deleted+added is modified", () => {
    const payments = recording.events.find((e) => e.type === "ADDED") as WatchEvent;
    const deletePayments: WatchEvent = { type: "DELETED", object: version("shop/payments", "859") };
    const checkoutDeleted = recording.events.find((e) => e.type === "DELETED") as WatchEvent;
    const checkoutBack: WatchEvent = { type: "ADDED", object: version("shop/checkout", "860") };
    const cartTwice: WatchEvent[] = [
      { type: "MODIFIED", object: version("shop/cart", "861", { TIMEOUT: "50s" }) },
      { type: "MODIFIED", object: version("shop/cart", "862", { TIMEOUT: "55s" }) },
    ];
    const { state, changes } = applyAll(listed(), [
      payments,
      deletePayments,
      checkoutDeleted,
      checkoutBack,
      ...cartTwice,
    ]);
    expect(changes.map((c) => `${c.type} ${c.key} ${rv(c.object)}`).sort()).toEqual([
      "modified shop/cart 862",
      "modified shop/checkout 860",
    ]);
    expect(state.items.has("shop/payments")).toBe(false);
    expect(state.resourceVersion).toBe("862");
  });

  it("moves resourceVersion on a bookmark without touching items, never backwards", () => {
    const state = listed();
    const bookmark = recording.events.find((e) => e.type === "BOOKMARK") as WatchEvent;
    const moved = apply(state, bookmark);
    expect(moved.changes).toEqual([]);
    expect(moved.state.items).toBe(state.items);
    expect(moved.state.resourceVersion).toBe("858");
    const back = apply(moved.state, { type: "BOOKMARK", object: { metadata: { resourceVersion: "800" } } });
    expect(back.state.resourceVersion).toBe("858");
  });

  it("accepts events in order when resourceVersions are not comparable integers", () => {
    const opaque = (resourceVersion: string, value: string): WatchEvent<ConfigMap> => ({
      type: "MODIFIED",
      object: { ...version("shop/cart", resourceVersion), data: { TIMEOUT: value } },
    });
    let state = apply(emptyState<ConfigMap>(), opaque("b7", "1s")).state;
    state = apply(state, opaque("a1", "2s")).state;
    expect(state.items.get("shop/cart")?.data).toEqual({ TIMEOUT: "2s" });
    expect(state.resourceVersion).toBe("a1");
  });
});

describe("helpers", () => {
  it("compares canonical decimal resourceVersions numerically and nothing else", () => {
    expect(compareResourceVersions("9", "10")).toBe(-1);
    expect(compareResourceVersions("123456789012345678901", "123456789012345678900")).toBe(1);
    expect(compareResourceVersions("858", "858")).toBe(0);
    expect(compareResourceVersions("0858", "858")).toBeUndefined();
    expect(compareResourceVersions("abc", "1")).toBeUndefined();
    expect(compareResourceVersions("", "1")).toBeUndefined();
    expect(compareResourceVersions(undefined, "1")).toBeUndefined();
  });

  it("keys cluster-scoped objects by name", () => {
    expect(objectKey({ metadata: { name: "kwok-node-1" } })).toBe("kwok-node-1");
    expect(objectKey(recording.pod)).toBe("default/web-0");
  });

  it("slims a real pod without changing it, and leaves a slim object as it is", () => {
    const pod = clone(recording.pod);
    const slimmed = slim(pod);
    expect(pod).toEqual(recording.pod);
    expect(pod.metadata?.managedFields).toBeDefined();
    expect(slimmed.metadata?.managedFields).toBeUndefined();
    expect(slimmed.metadata?.annotations).toBeUndefined();
    expect(slimmed.metadata?.labels).toEqual(pod.metadata?.labels);
    expect(slimmed.spec).toBe(pod.spec);
    expect(JSON.stringify(slimmed).length).toBeLessThan(JSON.stringify(pod).length * 0.8);
    expect(slim(slimmed)).toBe(slimmed);
  });
});
