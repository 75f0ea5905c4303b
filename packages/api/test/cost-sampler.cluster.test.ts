/**
 * The cost sampler on the local control plane: kwok simulates each pod's
 * usage from its template's annotations, metrics-server serves it through
 * metrics.k8s.io, and a pass joins it with the shared caches. The stored
 * numbers are compared with a hand computation from the requests and usage
 * written below; a metrics outage (the APIService pointed at a Service that
 * does not exist) is stored as a gap, and adds no zero rows.
 */
import { readClusterMetrics, toKubeConfig } from "@clustercord/kube";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiDeps } from "../src/context";
import { sampleCluster } from "../src/services/cost-sampler";
import { openClusterForAudit } from "../src/services/policy-audit";
import type { OpenedCluster } from "../src/services/read-access";
import { ACME, ALICE, type ApiHarness, CAROL, startApiHarness } from "./harness";

const NS = "cost-test";
const PERSONAL = `clustercord-user-${CAROL}`;
const STORAGE_CLASS = "cost-test-local";
const HOUR = Date.UTC(2026, 10, 30, 10);
const T1 = new Date(HOUR + 60_000);
const T2 = new Date(HOUR + 120_000);
const T3 = new Date(HOUR + 180_000);

let h: ApiHarness;
let cluster: OpenedCluster;
let deps: Pick<ApiDeps, "prisma" | "cipher" | "caches" | "clusterGuard">;

/** A one-container pod template: its requests, and the usage kwok reports for it. */
const template = (
  app: string,
  requests: { cpu: string; memory: string },
  usage: { cpu: string; memory: string },
  extra: { labels?: Record<string, string>; volumes?: unknown[]; mounts?: unknown[] } = {},
) => ({
  metadata: {
    labels: { app, ...extra.labels },
    annotations: { "kwok.x-k8s.io/usage-cpu": usage.cpu, "kwok.x-k8s.io/usage-memory": usage.memory },
  },
  spec: {
    containers: [
      {
        name: "app",
        image: "registry.example.com/cost/app:1.0.0",
        resources: { requests },
        ...(extra.mounts ? { volumeMounts: extra.mounts } : {}),
      },
    ],
    ...(extra.volumes ? { volumes: extra.volumes } : {}),
  },
});
const deployment = (name: string, replicas: number, tpl: ReturnType<typeof template>) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: NS },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: tpl },
});

const world = [
  { apiVersion: "v1", kind: "Namespace", metadata: { name: NS, labels: { "clustercord.io/guild": ACME } } },
  { apiVersion: "v1", kind: "Namespace", metadata: { name: PERSONAL } },
  {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: STORAGE_CLASS },
    provisioner: "kubernetes.io/no-provisioner",
    volumeBindingMode: "Immediate",
  },
  {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: "cost-test-db" },
    spec: {
      capacity: { storage: "2Gi" },
      accessModes: ["ReadWriteOnce"],
      storageClassName: STORAGE_CLASS,
      hostPath: { path: "/var/lib/clustercord-cost-test" },
      claimRef: { namespace: NS, name: "data" },
    },
  },
  {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: "data", namespace: NS },
    spec: {
      accessModes: ["ReadWriteOnce"],
      storageClassName: STORAGE_CLASS,
      resources: { requests: { storage: "2Gi" } },
    },
  },
  // Uses more than it asks for: charged its usage.
  deployment("hot", 2, template("hot", { cpu: "100m", memory: "64Mi" }, { cpu: "300m", memory: "96Mi" })),
  // Uses less than it asks for: charged its requests.
  deployment("idle", 1, template("idle", { cpu: "500m", memory: "256Mi" }, { cpu: "50m", memory: "32Mi" })),
  // Mounts a 2 GiB claim.
  deployment(
    "db",
    1,
    template(
      "db",
      { cpu: "200m", memory: "128Mi" },
      { cpu: "100m", memory: "64Mi" },
      {
        volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }],
        mounts: [{ name: "data", mountPath: "/data" }],
      },
    ),
  ),
  // Applied through ClusterCord for Alice.
  deployment(
    "alice-app",
    1,
    template(
      "alice-app",
      { cpu: "100m", memory: "64Mi" },
      { cpu: "100m", memory: "64Mi" },
      { labels: { "clustercord.io/created-by": ALICE } },
    ),
  ),
];

/** A bare pod in Carol's own namespace (applied once the namespace has its default ServiceAccount). */
const scratch = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "scratch",
    namespace: PERSONAL,
    ...template("scratch", { cpu: "50m", memory: "32Mi" }, { cpu: "20m", memory: "16Mi" }).metadata,
  },
  spec: template("scratch", { cpu: "50m", memory: "32Mi" }, { cpu: "20m", memory: "16Mi" }).spec,
};

/** Our six pods, as metrics.k8s.io shows them: waits until each has been measured (CPU above zero). */
async function waitForMetrics() {
  // metrics-server scrapes every 10 s once its APIService is Available, which
  // takes a while on a busy machine.
  const deadline = Date.now() + 180_000;
  const kc = toKubeConfig(cluster.selected, deps.clusterGuard);
  for (;;) {
    const answer = await readClusterMetrics(kc);
    const ours = answer.ok
      ? answer.pods.filter(
          (p) =>
            (p.metadata.namespace === NS || p.metadata.namespace === PERSONAL) &&
            p.containers.some((c) => c.usage.cpu && c.usage.cpu !== "0"),
        )
      : [];
    if (ours.length >= 6) return;
    if (Date.now() > deadline)
      throw new Error(
        `metrics for ${ours.length} of 6 pods after 180 s${answer.ok ? "" : `: ${answer.reason}`}`,
      );
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

/** Within 1% of a hand computation: metrics-server derives CPU from kwok's cumulative counter. */
const near = (actual: number | undefined, expected: number) =>
  expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThanOrEqual(expected * 0.01);

beforeAll(async () => {
  h = await startApiHarness();
  const clusterId = await h.addSharedCluster();
  deps = { prisma: h.db.prisma, cipher: h.cipher, caches: h.caches, clusterGuard: h.clusterGuard };
  const opened = await openClusterForAudit(deps as ApiDeps, clusterId);
  if (!opened) throw new Error("cluster not found");
  cluster = opened;
  await h.cluster.kubectl(
    ["apply", "-f", "-"],
    JSON.stringify({ apiVersion: "v1", kind: "List", items: world }),
  );
  for (let i = 0; i < 60; i++) {
    const found = await h.cluster
      .kubectl(["get", "serviceaccount", "default", "-n", PERSONAL])
      .catch(() => "");
    if (found) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await h.cluster.kubectl(["apply", "-f", "-"], JSON.stringify(scratch));
  await h.cluster.kubectl([
    "wait",
    "-n",
    NS,
    "--for=condition=Available",
    "deployment",
    "--all",
    "--timeout=60s",
  ]);
  await h.cluster.kubectl(["wait", "-n", PERSONAL, "--for=condition=Ready", "pod/scratch", "--timeout=60s"]);
  await waitForMetrics();
}, 360_000);

afterAll(async () => {
  await h?.close();
});

const hourRow = (namespace: string, workload: string) =>
  h.db.prisma.usageHour.findUniqueOrThrow({
    where: {
      clusterId_hour_namespace_workload: { clusterId: cluster.id, hour: new Date(HOUR), namespace, workload },
    },
  });

describe("cost sampler", () => {
  it("stores two passes whose hour equals the hand computation", async () => {
    const first = await sampleCluster(deps as ApiDeps, cluster, { at: T1, seconds: 60 });
    expect(first).toMatchObject({ written: true });
    await sampleCluster(deps as ApiDeps, cluster, { at: T2, seconds: 60 });
    // A retried pass adds nothing.
    expect(await sampleCluster(deps as ApiDeps, cluster, { at: T2, seconds: 60 })).toMatchObject({
      written: false,
    });

    // Two passes of 60 s: each row stands for 120 s = 1/30 h.
    // hot: 2 pods × max(100m, 300m) = 0.6 cores → 0.02 core-hours; memory 2 × max(64, 96) Mi = 0.1875 GiB → 0.00625.
    const hot = await hourRow(NS, "Deployment/hot");
    expect(hot).toMatchObject({
      pods: 2,
      attribution: "guild",
      guildId: ACME,
      personId: null,
      sampledSeconds: 120,
    });
    near(hot.cpuCoreHours, 0.02);
    near(hot.memGbHours, 0.00625);
    near(hot.cpuUsageCoreHours, 0.02);
    expect(hot.cpuRequestCoreHours).toBeCloseTo(0.2 / 30, 12);

    // idle: max(500m, 50m) = 0.5 cores → 1/60 core-hours; max(256, 32) Mi = 0.25 GiB → 1/120 GiB-hours.
    const idle = await hourRow(NS, "Deployment/idle");
    expect(idle.cpuCoreHours).toBeCloseTo(0.5 / 30, 12);
    expect(idle.memGbHours).toBeCloseTo(0.25 / 30, 12);
    near(idle.cpuUsageCoreHours, 0.05 / 30);

    // db: max(200m, 100m) = 0.2 cores; its 2 GiB claim for 1/30 h = 1/15 GiB-hours.
    const db = await hourRow(NS, "Deployment/db");
    expect(db.cpuCoreHours).toBeCloseTo(0.2 / 30, 12);
    expect(db.storageGbHours).toBeCloseTo(2 / 30, 12);

    // Alice's workload is hers.
    const alice = await hourRow(NS, "Deployment/alice-app");
    expect(alice).toMatchObject({ attribution: "created-by", personId: ALICE });
    near(alice.cpuCoreHours, 0.1 / 30);

    // Carol's namespace is hers: max(50m, 20m) = 0.05 cores.
    const scratch = await hourRow(PERSONAL, "Pod/scratch");
    expect(scratch).toMatchObject({ attribution: "personal-namespace", personId: CAROL, pods: 1 });
    expect(scratch.cpuCoreHours).toBeCloseTo(0.05 / 30, 12);

    // Nodes (nodes.yaml): 4 + 8 + 4 cores and 16 + 32 + 64 GiB, for 1/30 h.
    const nodes = await h.db.prisma.clusterHour.findUniqueOrThrow({
      where: { clusterId_hour: { clusterId: cluster.id, hour: new Date(HOUR) } },
    });
    expect(nodes).toMatchObject({ nodes: 3, sampledSeconds: 120 });
    expect(nodes.cpuCapacityCoreHours).toBeCloseTo(16 / 30, 12);
    expect(nodes.memCapacityGbHours).toBeCloseTo(112 / 30, 12);
    // Allocated: our pods' requests (0.2 + 0.5 + 0.2 + 0.1 + 0.05 cores) and kube-system's.
    expect(nodes.cpuAllocatedCoreHours).toBeGreaterThanOrEqual(1.05 / 30 - 1e-12);
  }, 60_000);

  it("records a metrics outage as a gap, and no zero rows", async () => {
    const apiService = "apiservice/v1beta1.metrics.k8s.io";
    const original = JSON.parse(await h.cluster.kubectl(["get", apiService, "-o", "json"])) as {
      spec: { service: { name: string; namespace: string } };
    };
    await h.cluster.kubectl([
      "patch",
      apiService,
      "--type=merge",
      "-p",
      JSON.stringify({ spec: { service: { name: "nowhere", namespace: original.spec.service.namespace } } }),
    ]);
    try {
      const kc = toKubeConfig(cluster.selected, deps.clusterGuard);
      // The aggregator notices the missing Service within a few seconds.
      for (let i = 0; i < 30 && (await readClusterMetrics(kc, { timeoutMs: 5_000 })).ok; i++)
        await new Promise((r) => setTimeout(r, 1_000));
      const before = await h.db.prisma.usageSample.count({ where: { clusterId: cluster.id } });
      const result = await sampleCluster(deps as ApiDeps, cluster, { at: T3, seconds: 60 });
      expect(result).toMatchObject({ gap: { from: T2.toISOString(), to: T3.toISOString() } });
      const gaps = await h.db.prisma.usageGap.findMany({ where: { clusterId: cluster.id } });
      expect(gaps).toHaveLength(1);
      expect(gaps[0]?.reason).toMatch(/metrics\.k8s\.io/);
      expect(await h.db.prisma.usageSample.count({ where: { clusterId: cluster.id } })).toBe(before);
      expect(await h.db.prisma.usageSample.count({ where: { clusterId: cluster.id, at: T3 } })).toBe(0);
      expect((await hourRow(NS, "Deployment/hot")).sampledSeconds).toBe(120);
    } finally {
      await h.cluster.kubectl([
        "patch",
        apiService,
        "--type=merge",
        "-p",
        JSON.stringify({ spec: { service: original.spec.service } }),
      ]);
    }
  }, 60_000);
});
