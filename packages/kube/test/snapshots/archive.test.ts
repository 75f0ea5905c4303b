import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  createSnapshotArchive,
  FILE_PART_BYTES,
  readSnapshotArchive,
  SnapshotArchiveError,
} from "../../src/snapshots/archive";
import type { ListableKind, SnapshotManifest, SnapshotObject } from "../../src/snapshots/types";

const configMapKind: ListableKind = {
  group: "",
  version: "v1",
  apiVersion: "v1",
  kind: "ConfigMap",
  resource: "configmaps",
  namespaced: true,
};
const deploymentKind: ListableKind = {
  group: "apps",
  version: "v1",
  apiVersion: "apps/v1",
  kind: "Deployment",
  resource: "deployments",
  namespaced: true,
};
const nodeKind: ListableKind = { ...configMapKind, kind: "Node", resource: "nodes", namespaced: false };

const cm = (namespace: string, name: string, data: Record<string, string> = { k: name }): SnapshotObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace },
  data,
});

const header: Omit<SnapshotManifest, "objects"> = {
  format: 1,
  metadata: {
    cluster: "local",
    timestamp: "2026-12-01T00:00:00Z",
    version: "1.34.1",
    description: "t",
    scope: { kind: "cluster" },
  },
  counts: { objects: 0, kinds: [], namespaces: [] },
  namespaces: [],
  events: { total: 0, warnings: 0, recent: [] },
  metrics: { cpu: { requested: 0, used: null }, memory: { requested: 0, used: null } },
  skipped: [],
};

async function write(fill: (w: ReturnType<typeof createSnapshotArchive>) => Promise<void>) {
  const writer = createSnapshotArchive();
  const bytes = buffer(writer.stream);
  await fill(writer);
  const manifest = await writer.finish(header);
  return { manifest, bytes: await bytes };
}

describe("snapshot archive", () => {
  it("round-trips objects, files by namespace and kind, and the manifest", async () => {
    const deployment: SnapshotObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "shop", labels: { app: "web" } },
      spec: {
        replicas: 2,
        template: { spec: { containers: [{ name: "web", image: "nginx:1.27", args: ["--x=1"] }] } },
      },
    };
    const { manifest, bytes } = await write(async (w) => {
      await w.add(configMapKind, cm("shop", "a", { "app.yaml": "port: 80\nhost: x\n" }));
      await w.add(configMapKind, cm("shop", "b"));
      await w.add(configMapKind, cm("blog", "c"));
      await w.flush();
      await w.add(deploymentKind, deployment);
      await w.add(nodeKind, { apiVersion: "v1", kind: "Node", metadata: { name: "n1" } });
    });
    expect(manifest.objects.map((o) => [o.file, o.doc, o.name])).toEqual([
      ["objects/shop/configmap.core.yaml", 0, "a"],
      ["objects/shop/configmap.core.yaml", 1, "b"],
      ["objects/blog/configmap.core.yaml", 0, "c"],
      ["objects/shop/deployment.apps.yaml", 0, "web"],
      ["objects/_cluster/node.core.yaml", 0, "n1"],
    ]);
    const archive = await readSnapshotArchive(Readable.from(bytes));
    expect(archive.files.sort()).toEqual([
      "manifest.json",
      "objects/_cluster/node.core.yaml",
      "objects/blog/configmap.core.yaml",
      "objects/shop/configmap.core.yaml",
      "objects/shop/deployment.apps.yaml",
    ]);
    expect(archive.manifest.metadata.cluster).toBe("local");
    expect(archive.manifest.objects).toHaveLength(5);
    const entry = archive.index.find((e) => e.name === "web");
    expect(entry && (await archive.get(entry))).toEqual(deployment);
    expect(archive.find({ apiVersion: "v1", kind: "ConfigMap", namespace: "shop", name: "a" })?.data).toEqual(
      {
        "app.yaml": "port: 80\nhost: x\n",
      },
    );
    expect(archive.find({ apiVersion: "v1", kind: "ConfigMap", namespace: "shop", name: "zzz" })).toBeNull();
    expect(archive.fileText("objects/shop/configmap.core.yaml")).toMatch(
      /^---\napiVersion: v1\nkind: ConfigMap\n/,
    );
  });

  it("splits a large file into parts, so memory per open file stays bounded", async () => {
    const big = "x".repeat(64 * 1024);
    const count = Math.ceil(FILE_PART_BYTES / big.length) + 5;
    const { manifest, bytes } = await write(async (w) => {
      for (let i = 0; i < count; i++) await w.add(configMapKind, cm("shop", `cm-${i}`, { big }));
    });
    const files = [...new Set(manifest.objects.map((o) => o.file))];
    expect(files).toEqual(["objects/shop/configmap.core.yaml", "objects/shop/configmap.core.2.yaml"]);
    const archive = await readSnapshotArchive(Readable.from(bytes));
    const last = archive.index[archive.index.length - 1];
    expect(last && (await archive.get(last))?.metadata.name).toBe(`cm-${count - 1}`);
  });

  it("refuses what is not a snapshot archive, with a clear message", async () => {
    await expect(readSnapshotArchive(Readable.from(Buffer.from("not gzip at all")))).rejects.toThrow(
      /the snapshot archive could not be read/,
    );
    // A valid, empty tar.gz: no manifest.
    await expect(readSnapshotArchive(Readable.from(gzipSync(Buffer.alloc(1024))))).rejects.toThrow(
      /has no manifest\.json/,
    );
    await expect(readSnapshotArchive(Readable.from(Buffer.from("x")))).rejects.toBeInstanceOf(
      SnapshotArchiveError,
    );
  });
});
