import { describe, expect, it } from "vitest";
import { memorySource } from "../../src/snapshots/archive";
import {
  type CompareSecret,
  diffSnapshots,
  fieldChanges,
  snapshotObjectYaml,
} from "../../src/snapshots/diff";
import type { SnapshotObject } from "../../src/snapshots/types";

const deployment = (image: string, replicas = 2): SnapshotObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "shop", labels: { "app.kubernetes.io/name": "web" } },
  spec: {
    replicas,
    template: {
      spec: {
        containers: [
          { name: "web", image },
          { name: "sidecar", image: "envoy:1" },
        ],
      },
    },
  },
});
const cm = (name: string, data: Record<string, string>): SnapshotObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "shop" },
  data,
});
const secret = (keys: string[], sealedData: string): SnapshotObject => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "db", namespace: "shop" },
  type: "Opaque",
  keys,
  sealedData,
});
/** Stand-in for the vault: the "sealed" form is JSON of {key: value}; real callers open envelopes. */
const compareSecret: CompareSecret = (a, b) => {
  const va = JSON.parse(a.sealedData) as Record<string, string>;
  const vb = JSON.parse(b.sealedData) as Record<string, string>;
  return Object.keys(va).filter((k) => k in vb && va[k] !== vb[k]);
};

describe("fieldChanges", () => {
  it("names changed fields by path with both values", () => {
    expect(fieldChanges(deployment("nginx:1.27"), deployment("nginx:1.28", 3))).toEqual([
      { path: "spec.replicas", from: "2", to: "3" },
      { path: "spec.template.spec.containers[0].image", from: "nginx:1.27", to: "nginx:1.28" },
    ]);
  });

  it("quotes keys that are not identifiers and leaves out absent sides", () => {
    expect(
      fieldChanges(
        { metadata: { labels: { "app.kubernetes.io/name": "web" } } },
        { metadata: { labels: {} } },
      ),
    ).toEqual([{ path: 'metadata.labels["app.kubernetes.io/name"]', from: "web" }]);
    expect(fieldChanges({ a: [1] }, { a: [1, { b: 2 }] })).toEqual([{ path: "a[1]", to: "b: 2" }]);
  });
});

describe("diffSnapshots", () => {
  it("lists added, removed and changed objects with field paths", async () => {
    const from = memorySource([deployment("nginx:1.27"), cm("old", { a: "1" }), cm("same", { a: "1" })]);
    const to = memorySource([deployment("nginx:1.28"), cm("new", { a: "1" }), cm("same", { a: "1" })]);
    const diff = await diffSnapshots(from, to, { compareSecret, from: "s1", to: "live" });
    expect(diff).toEqual({
      from: "s1",
      to: "live",
      added: [{ apiVersion: "v1", kind: "ConfigMap", namespace: "shop", name: "new" }],
      removed: [{ apiVersion: "v1", kind: "ConfigMap", namespace: "shop", name: "old" }],
      changed: [
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          namespace: "shop",
          name: "web",
          fields: [{ path: "spec.template.spec.containers[0].image", from: "nginx:1.27", to: "nginx:1.28" }],
        },
      ],
      unchanged: 1,
      counts: { added: 1, removed: 1, changed: 1 },
    });
  });

  it("names a Secret's added, removed and changed keys, never its values", async () => {
    const from = memorySource([
      secret(["password", "user", "old"], JSON.stringify({ password: "hunter2", user: "admin", old: "x" })),
    ]);
    const to = memorySource([
      secret(
        ["password", "user", "token"],
        JSON.stringify({ password: "s3cret!", user: "admin", token: "t0k" }),
      ),
    ]);
    const diff = await diffSnapshots(from, to, { compareSecret, from: "a", to: "b" });
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0]?.secretKeys).toEqual({
      added: ["token"],
      removed: ["old"],
      changed: ["password"],
    });
    expect(diff.changed[0]?.fields).toEqual([]);
    const text = JSON.stringify(diff);
    for (const value of ["hunter2", "s3cret!", "admin", "t0k", "sealedData"])
      expect(text).not.toContain(value);
  });

  it("finds a Secret whose values changed under the same keys, and none when nothing changed", async () => {
    const a = secret(["password"], JSON.stringify({ password: "one" }));
    const b = secret(["password"], JSON.stringify({ password: "two" }));
    const changed = await diffSnapshots(memorySource([a]), memorySource([b]), {
      compareSecret,
      from: "a",
      to: "b",
    });
    expect(changed.changed[0]?.secretKeys?.changed).toEqual(["password"]);
    const same = await diffSnapshots(
      memorySource([a]),
      memorySource([{ ...a, sealedData: JSON.stringify({ password: "one" }) }]),
      {
        compareSecret,
        from: "a",
        to: "b",
      },
    );
    expect(same.counts.changed).toBe(0);
    expect(same.unchanged).toBe(1);
  });

  it("leaves controller-owned objects out unless asked", async () => {
    const pod = (name: string): SnapshotObject => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name,
        namespace: "shop",
        ownerReferences: [{ kind: "ReplicaSet", name: "web-1", controller: true }],
      },
    });
    const from = memorySource([pod("web-1-a")]);
    const to = memorySource([pod("web-1-b")]);
    expect((await diffSnapshots(from, to, { compareSecret, from: "a", to: "b" })).counts).toEqual({
      added: 0,
      removed: 0,
      changed: 0,
    });
    expect(
      (await diffSnapshots(from, to, { compareSecret, from: "a", to: "b", includeOwned: true })).counts,
    ).toEqual({
      added: 1,
      removed: 1,
      changed: 0,
    });
  });

  it("diffs two 10,000-object snapshots in well under 2 s", async () => {
    const objects = (change: boolean) =>
      Array.from({ length: 10_000 }, (_, i) =>
        cm(`cm-${i}`, { value: change && i % 100 === 0 ? `changed-${i}` : `v-${i}`, other: "x".repeat(200) }),
      );
    const from = memorySource(objects(false));
    const to = memorySource(objects(true));
    const started = performance.now();
    const diff = await diffSnapshots(from, to, { compareSecret, from: "a", to: "b" });
    const elapsed = performance.now() - started;
    expect(diff.counts.changed).toBe(100);
    expect(diff.unchanged).toBe(9_900);
    expect(elapsed).toBeLessThan(2_000);
  });

  it("shows a Secret to the viewer without its sealed values", () => {
    const yaml = snapshotObjectYaml(secret(["password"], "SEALED-BLOB")) ?? "";
    expect(yaml).toContain("- password");
    expect(yaml).not.toContain("SEALED-BLOB");
  });
});
