import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { gunzipSync } from "node:zlib";
import { localClusterPolicy } from "@clustercord/testenv";
import { type Cluster, startCluster } from "@clustercord/testenv/cluster";
import { CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClusterGuard, impersonatedKubeConfig, toKubeConfig } from "../../src/client/index";
import { parseKubeconfig, type SelectedContext } from "../../src/kubeconfig/index";
import {
  applyRestore,
  type CollectProgress,
  type CompareSecret,
  collectLive,
  collectSnapshot,
  diffSnapshots,
  dryRunRestore,
  type OpenSecret,
  planRestoreOrder,
  readSnapshotArchive,
  type SealSecret,
  type SnapshotArchive,
} from "../../src/snapshots/index";
import { applyObjects, guildNamespace, impersonationFor, planGuildTenancy } from "../../src/tenancy/index";

const A = "200000000000000001";
const nsA = guildNamespace(A);
const OTHER = "snap-other";
const PASSWORD = "tenant-pw-7c1d9";
const guard = createClusterGuard(localClusterPolicy);

// A stand-in for the vault's envelope: AES-256-GCM under a key of this test.
const key = randomBytes(32);
const sealed: string[] = [];
const sealSecret: SealSecret = ({ namespace, name, data }) => {
  sealed.push(`${namespace}/${name}`);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(data)), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
};
const openSecret: OpenSecret = (text) => {
  const raw = Buffer.from(text, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(
    Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(),
  ) as Record<string, string>;
};
const compareSecret: CompareSecret = async (a, b) => {
  const [va, vb] = [await openSecret(a.sealedData, a), await openSecret(b.sealedData, b)];
  return a.keys.filter((k) => k in vb && va[k] !== vb[k]);
};

let cluster: Cluster;
let dataDir: string;
let selected: SelectedContext;
let admin: KubeConfig;
const tenant = () =>
  impersonatedKubeConfig(
    selected,
    impersonationFor({ userId: "100000000000000002", guildId: A, role: "operator" }),
    guard,
  );

async function snapshot(kc: KubeConfig, scope: Parameters<typeof collectSnapshot>[0]["scope"]) {
  const progress: CollectProgress[] = [];
  const { archive, done } = collectSnapshot({
    kc,
    scope,
    sealSecret,
    cluster: "local",
    description: "test",
    onProgress: (p) => progress.push(p),
  });
  const bytes = await buffer(archive);
  const manifest = await done;
  // Progress only moves forward and ends with every kind done and every object counted.
  expect(progress.map((p) => p.kindsDone)).toEqual(
    [...progress.map((p) => p.kindsDone)].sort((a, b) => a - b),
  );
  expect(progress.at(-1)).toEqual({
    objects: manifest.counts.objects,
    kindsDone: progress.at(-1)?.kinds,
    kinds: progress.at(-1)?.kinds,
  });
  return { bytes, archive: await readSnapshotArchive(Readable.from(bytes)) };
}

const has = (a: SnapshotArchive, kind: string, namespace: string, name: string) =>
  a.index.some((e) => e.kind === kind && e.namespace === namespace && e.name === name);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "cc-snapshots-"));
  cluster = await startCluster({ dataDir });
  selected = parseKubeconfig(
    await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]),
  ).select();
  admin = toKubeConfig(selected, guard);
  await applyObjects(admin, planGuildTenancy({ guildId: A }));
  await cluster.kubectl(
    ["apply", "-f", "-"],
    `
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: ${nsA}}
data: {mode: blue, "app.yaml": "port: 80\\n"}
---
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: ${nsA}}
stringData: {password: ${PASSWORD}, user: app}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${nsA}}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${nsA}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "nginx:1.27", resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m, memory: 128Mi}}}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: ${OTHER}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: elsewhere, namespace: ${OTHER}}
data: {x: "1"}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`,
  );
  await cluster.kubectl(["wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=60s"]);
  await cluster.kubectl(
    ["apply", "-f", "-"],
    `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1, namespace: ${OTHER}}\nspec: {size: 3}\n`,
  );
  await cluster.kubectl(["rollout", "status", `deployment/web`, "-n", nsA, "--timeout=120s"]);
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("collectSnapshot on the local control plane", () => {
  it("as a tenant, holds its namespace and nothing outside it; Secrets only sealed", async () => {
    sealed.length = 0;
    const { bytes, archive } = await snapshot(tenant(), { kind: "namespaces", namespaces: [nsA] });
    for (const e of archive.index) {
      const inside = e.namespace === nsA || (e.kind === "Namespace" && e.name === nsA && e.namespace === "");
      expect(inside, `${e.kind} ${e.namespace}/${e.name}`).toBe(true);
    }
    expect(has(archive, "Namespace", "", nsA)).toBe(true);
    expect(has(archive, "ConfigMap", nsA, "cfg")).toBe(true);
    expect(has(archive, "Deployment", nsA, "web")).toBe(true);
    expect(archive.index.some((e) => e.kind === "Node" || e.kind === "CustomResourceDefinition")).toBe(false);
    expect(archive.manifest.nodes).toBeUndefined();
    expect(archive.manifest.persistentVolumes).toBeUndefined();
    // The Deployment's Pod is kept but marked owned (its controller recreates it).
    const pods = archive.index.filter((e) => e.kind === "Pod");
    expect(pods.length).toBeGreaterThan(0);
    expect(pods.every((p) => p.owned)).toBe(true);
    // The Secret: key names, the sealed form, never the value (not even base64) anywhere in the archive.
    expect(sealed).toContain(`${nsA}/db`);
    const db = archive.find({ apiVersion: "v1", kind: "Secret", namespace: nsA, name: "db" });
    expect(db?.keys).toEqual(["password", "user"]);
    expect(typeof db?.sealedData).toBe("string");
    expect(db?.data).toBeUndefined();
    const unpacked = gunzipSync(bytes).toString("latin1");
    expect(unpacked).not.toContain(PASSWORD);
    expect(unpacked).not.toContain(Buffer.from(PASSWORD).toString("base64"));
    // Stripped of what the server fills in.
    const cfg = archive.find({ apiVersion: "v1", kind: "ConfigMap", namespace: nsA, name: "cfg" });
    expect(cfg?.metadata).not.toHaveProperty("managedFields");
    expect(cfg?.metadata).not.toHaveProperty("uid");
    expect(cfg?.metadata).not.toHaveProperty("resourceVersion");
    expect(archive.manifest.metadata).toMatchObject({
      cluster: "local",
      description: "test",
      scope: { kind: "namespaces", namespaces: [nsA] },
    });
    expect(archive.manifest.metadata.version).toMatch(/^1\.\d+\.\d+$/);
    expect(archive.manifest.metrics.cpu.requested).toBeCloseTo(0.1, 3);
    expect(archive.manifest.metrics.memory.requested).toBe(64 * 2 ** 20);
    expect(archive.files).toContain(`objects/${nsA}/configmap.core.yaml`);
  });

  it("cluster-wide as an admin, includes nodes, PVs, CRDs and their objects", async () => {
    const { archive } = await snapshot(admin, { kind: "cluster" });
    expect(archive.index.filter((e) => e.kind === "Node").length).toBeGreaterThan(0);
    expect(archive.manifest.nodes?.length).toBeGreaterThan(0);
    expect(archive.manifest.nodes?.[0]?.capacity.cpu).toBeGreaterThan(0);
    expect(Array.isArray(archive.manifest.persistentVolumes)).toBe(true);
    expect(has(archive, "CustomResourceDefinition", "", "widgets.example.com")).toBe(true);
    expect(
      archive.find({ apiVersion: "example.com/v1", kind: "Widget", namespace: OTHER, name: "w1" })?.spec,
    ).toEqual({ size: 3 });
    expect(has(archive, "ConfigMap", OTHER, "elsewhere")).toBe(true);
    expect(has(archive, "Namespace", "", "kube-system")).toBe(true);
    expect(archive.index.some((e) => e.kind === "Event" || e.kind === "Lease")).toBe(false);
    expect(archive.manifest.namespaces.map((n) => n.name)).toContain(OTHER);
    expect(archive.manifest.events.total).toBeGreaterThan(0);
  });

  it("diffs against the live cluster after changes, and a dry-run then restore puts the snapshot back", async () => {
    const kc = tenant();
    const scope = { kind: "namespaces" as const, namespaces: [nsA] };
    const { archive } = await snapshot(kc, scope);
    const core = admin.makeApiClient(CoreV1Api);
    await core.patchNamespacedConfigMap({
      name: "cfg",
      namespace: nsA,
      body: [{ op: "replace", path: "/data/mode", value: "green" }],
    });
    await core.replaceNamespacedSecret({
      name: "db",
      namespace: nsA,
      body: { metadata: { name: "db", namespace: nsA }, stringData: { password: "rotated-pw", token: "t" } },
    });
    await core.deleteNamespacedService({ name: "web", namespace: nsA });

    const live = await collectLive({ kc, scope, sealSecret });
    const diff = await diffSnapshots(archive, live, { compareSecret, from: "snap", to: "live" });
    expect(diff.removed).toEqual([{ apiVersion: "v1", kind: "Service", namespace: nsA, name: "web" }]);
    expect(diff.added).toEqual([]);
    expect(diff.changed.map((c) => `${c.kind}/${c.name}`).sort()).toEqual(["ConfigMap/cfg", "Secret/db"]);
    const cfg = diff.changed.find((c) => c.kind === "ConfigMap");
    expect(cfg?.fields).toEqual([{ path: "data.mode", from: "blue", to: "green" }]);
    const db = diff.changed.find((c) => c.kind === "Secret");
    expect(db?.secretKeys).toEqual({ added: ["token"], removed: ["user"], changed: ["password"] });
    expect(JSON.stringify(diff)).not.toMatch(/rotated-pw|tenant-pw/);

    const entries = planRestoreOrder(archive.index);
    const steps = await dryRunRestore({ kc, openSecret }, entries, archive);
    const byName = (kind: string, name: string) => steps.find((s) => s.kind === kind && s.name === name);
    expect(byName("Service", "web")?.action).toBe("create");
    expect(byName("ConfigMap", "cfg")).toMatchObject({
      action: "update",
      fields: [{ path: "data.mode", from: "green", to: "blue" }],
    });
    expect(byName("Secret", "db")?.action).toBe("update");
    expect(JSON.stringify(steps)).not.toMatch(/rotated-pw|tenant-pw/);
    expect(byName("Deployment", "web")?.action).toBe("unchanged");
    expect(steps.some((s) => s.kind === "Pod")).toBe(false);
    // A dry-run changes nothing.
    expect((await core.readNamespacedConfigMap({ name: "cfg", namespace: nsA })).data?.mode).toBe("green");

    const result = await applyRestore({ kc, openSecret }, entries, archive);
    expect(result.failed).toEqual([]);
    expect(result.created).toBeGreaterThanOrEqual(1);
    expect(result.updated).toBeGreaterThanOrEqual(2);
    expect((await core.readNamespacedConfigMap({ name: "cfg", namespace: nsA })).data?.mode).toBe("blue");
    const secret = await core.readNamespacedSecret({ name: "db", namespace: nsA });
    expect(Buffer.from(secret.data?.password ?? "", "base64").toString()).toBe(PASSWORD);
    const after = await diffSnapshots(archive, await collectLive({ kc, scope, sealSecret }), {
      compareSecret,
      from: "snap",
      to: "live",
    });
    // The restore applies; it does not delete what was added since (token stays unless asked).
    expect(after.removed).toEqual([]);
    // Only what the server allocates anew differs: the recreated Service's cluster IP.
    const others = after.changed.filter((c) => c.kind !== "Secret");
    expect(others.flatMap((c) => c.fields.map((f) => `${c.kind}/${c.name} ${f.path}`))).toEqual([
      "Service/web spec.clusterIP",
      "Service/web spec.clusterIPs[0]",
    ]);
    expect(after.changed.find((c) => c.kind === "Secret")?.secretKeys).toEqual({
      added: ["token"],
      removed: [],
      changed: [],
    });
  });
});
