import { describe, expect, it } from "vitest";
import { buildSamples, clusterPass, type OwnerRef, ownerWorkload, type PodLike } from "../src/index";

const ALICE = "100000000000000001";
const ACME = "200000000000000001";
const ctrl = (kind: string, name: string): OwnerRef[] => [{ kind, name, controller: true }];
const noOwners = { replicaSets: new Map(), jobs: new Map() };

describe("ownerWorkload", () => {
  const owners = {
    replicaSets: new Map<string, OwnerRef | null>([
      ["shop/web-7d9f", { kind: "Deployment", name: "web", controller: true }],
      ["shop/loose-1", null],
    ]),
    jobs: new Map<string, OwnerRef | null>([
      ["shop/backup-29001", { kind: "CronJob", name: "backup", controller: true }],
      ["shop/migrate", null],
    ]),
  };
  const pod = (ownerReferences: OwnerRef[], labels: Record<string, string> = {}): PodLike => ({
    metadata: { name: "p", namespace: "shop", ownerReferences, labels },
  });
  it("follows ReplicaSets to Deployments and Jobs to CronJobs", () => {
    expect(ownerWorkload(pod(ctrl("ReplicaSet", "web-7d9f")), owners)).toBe("Deployment/web");
    expect(ownerWorkload(pod(ctrl("Job", "backup-29001")), owners)).toBe("CronJob/backup");
  });
  it("keeps an ownerless ReplicaSet or Job, and StatefulSets and DaemonSets directly", () => {
    expect(ownerWorkload(pod(ctrl("ReplicaSet", "loose-1")), owners)).toBe("ReplicaSet/loose-1");
    expect(ownerWorkload(pod(ctrl("Job", "migrate")), owners)).toBe("Job/migrate");
    expect(ownerWorkload(pod(ctrl("StatefulSet", "db")), owners)).toBe("StatefulSet/db");
    expect(ownerWorkload(pod(ctrl("DaemonSet", "agent")), owners)).toBe("DaemonSet/agent");
  });
  it("names the Deployment of a ReplicaSet the cache has not seen from its pod-template-hash", () => {
    expect(
      ownerWorkload(pod(ctrl("ReplicaSet", "api-5c8b9"), { "pod-template-hash": "5c8b9" }), owners),
    ).toBe("Deployment/api");
  });
  it("calls a bare pod Pod/<name>", () => {
    expect(ownerWorkload({ metadata: { name: "debug", namespace: "shop" } }, owners)).toBe("Pod/debug");
  });
});

describe("buildSamples", () => {
  const at = new Date("2026-11-30T10:00:30Z");
  const running = { phase: "Running" };
  const container = (cpu: string, memory: string) => ({ resources: { requests: { cpu, memory } } });
  const pods: PodLike[] = [
    {
      metadata: { name: "web-7d9f-a", namespace: "shop", ownerReferences: ctrl("ReplicaSet", "web-7d9f") },
      spec: { containers: [container("250m", "256Mi"), container("50m", "64Mi")] },
      status: running,
    },
    {
      metadata: { name: "web-7d9f-b", namespace: "shop", ownerReferences: ctrl("ReplicaSet", "web-7d9f") },
      spec: { containers: [container("250m", "256Mi"), container("50m", "64Mi")] },
      status: running,
    },
    {
      metadata: {
        name: "db-0",
        namespace: "shop",
        ownerReferences: ctrl("StatefulSet", "db"),
        labels: { "clustercord.io/created-by": ALICE },
      },
      spec: {
        // The init container asks for more CPU than the containers together: it is the pod's request.
        initContainers: [container("1", "128Mi")],
        containers: [container("500m", "1Gi")],
        volumes: [{ persistentVolumeClaim: { claimName: "data-db-0" } }],
      },
      status: running,
    },
    // Not running: no row.
    {
      metadata: { name: "done", namespace: "shop" },
      spec: { containers: [container("2", "2Gi")] },
      status: { phase: "Succeeded" },
    },
  ];
  const podMetrics = [
    {
      metadata: { name: "web-7d9f-a", namespace: "shop" },
      containers: [{ usage: { cpu: "400m", memory: "300Mi" } }, { usage: { cpu: "0", memory: "20Mi" } }],
    },
    {
      metadata: { name: "web-7d9f-b", namespace: "shop" },
      containers: [
        { usage: { cpu: "100000000n", memory: "100Mi" } },
        { usage: { cpu: "0", memory: "20Mi" } },
      ],
    },
    { metadata: { name: "db-0", namespace: "shop" }, containers: [{ usage: { cpu: "2", memory: "512Mi" } }] },
  ];
  const pvcs = [
    { metadata: { name: "data-db-0", namespace: "shop" }, status: { capacity: { storage: "10Gi" } } },
    // Unbound and unmounted: its request, on a row of its own.
    {
      metadata: { name: "scratch", namespace: "shop" },
      spec: { resources: { requests: { storage: "512Mi" } } },
    },
  ];
  const rows = buildSamples({
    pods,
    podMetrics,
    pvcs,
    replicaSets: new Map([["shop/web-7d9f", { kind: "Deployment", name: "web", controller: true }]]),
    jobs: new Map(),
    namespaceOwner: () => ({ guildId: ACME }),
    at,
    seconds: 60,
  });

  it("sums each workload's running pods: usage, effective requests, mounted PVC capacity", () => {
    expect(rows).toEqual([
      {
        at,
        namespace: "shop",
        workload: "Deployment/web",
        attribution: "guild",
        personId: null,
        guildId: ACME,
        pods: 2,
        // 400m + 100m
        cpuUsageCores: 0.5,
        // 2 × (250m + 50m)
        cpuRequestCores: 0.6,
        // 300 + 20 + 100 + 20 = 440 Mi = 440/1024 GiB
        memUsageGb: 0.4296875,
        // 2 × (256 + 64) = 640 Mi
        memRequestGb: 0.625,
        storageGb: 0,
        seconds: 60,
      },
      {
        at,
        namespace: "shop",
        workload: "StatefulSet/db",
        attribution: "created-by",
        personId: ALICE,
        guildId: ACME,
        pods: 1,
        cpuUsageCores: 2,
        cpuRequestCores: 1,
        memUsageGb: 0.5,
        memRequestGb: 1,
        storageGb: 10,
        seconds: 60,
      },
      {
        at,
        namespace: "shop",
        workload: "PersistentVolumeClaim/scratch",
        attribution: "guild",
        personId: null,
        guildId: ACME,
        pods: 0,
        cpuUsageCores: 0,
        cpuRequestCores: 0,
        memUsageGb: 0,
        memRequestGb: 0,
        storageGb: 0.5,
        seconds: 60,
      },
    ]);
  });

  it("counts a running pod metrics-server has not measured yet at its requests", () => {
    const [row] = buildSamples({
      pods: [pods[2] as PodLike],
      podMetrics: [],
      pvcs: [],
      ...noOwners,
      namespaceOwner: () => ({ guildId: null }),
      at,
      seconds: 60,
    });
    expect(row).toMatchObject({ cpuUsageCores: 0, cpuRequestCores: 1, memUsageGb: 0, storageGb: 0 });
  });

  it("adds node capacity and the pods' requests per pass", () => {
    const nodes = [
      { status: { capacity: { cpu: "4", memory: "16Gi" } } },
      { status: { capacity: { cpu: "2", memory: "8388608Ki" } } },
    ];
    expect(clusterPass(nodes, rows, at, 60)).toEqual({
      at,
      seconds: 60,
      nodes: 2,
      cpuCapacityCores: 6,
      // 16 GiB + 8 GiB
      memCapacityGb: 24,
      // 0.6 + 1
      cpuAllocatedCores: 1.6,
      // 0.625 + 1
      memAllocatedGb: 1.625,
    });
  });
});
