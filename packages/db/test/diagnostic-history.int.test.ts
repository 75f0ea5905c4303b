import { openTestDatabase } from "@clustercord/testenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Database,
  type DiagnosticFindingRow,
  insertCluster,
  listClusterAuditBetween,
  listFindingHistory,
  listWorkloadMemory,
  loadPassHistory,
  saveFindingHistory,
  writeAudit,
} from "../src/index";

const GUILD = "200000000000000001";
const OTHER = "200000000000000002";
const ALICE = "100000000000000001";
let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Database;
let clusterId: string;

const t = (hhmm: string) => new Date(`2026-11-24T${hhmm}:00Z`);
const row = (fingerprint: string, over: Partial<DiagnosticFindingRow> = {}): DiagnosticFindingRow => ({
  fingerprint,
  findingId: "pod.crash-loop.oom-killed",
  severity: "CRITICAL",
  title: "api is OOMKilled",
  target: { kind: "Deployment", namespace: "shop", name: "api" },
  firstSeen: t("10:00"),
  lastSeen: t("10:00"),
  occurrences: 1,
  openSince: t("10:00"),
  resolvedAt: null,
  resolvedAfter: null,
  ...over,
});

beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.db;
  const cluster = await insertCluster(db.prisma, {
    id: "diag-cluster",
    guildId: GUILD,
    name: "diag",
    server: "https://127.0.0.1:6443",
    shared: false,
    insecure: false,
    credential: "sealed",
    keyId: "k1",
    createdBy: ALICE,
  } as never);
  clusterId = cluster.id;
});
afterAll(async () => {
  await testDb?.drop();
});

describe("diagnostic history rows", () => {
  it("writes a pass's rows in one statement and updates them in place (a node's namespace stored as none)", async () => {
    const node = row("b".repeat(32), {
      findingId: "node.not-ready",
      target: { kind: "Node", namespace: null, name: "n1" },
    });
    await saveFindingHistory(db.prisma, clusterId, [row("a".repeat(32)), node]);
    await saveFindingHistory(db.prisma, clusterId, [
      row("a".repeat(32), {
        lastSeen: t("11:00"),
        occurrences: 2,
        openSince: t("11:00"),
        resolvedAt: t("10:30"),
        resolvedAfter: t("10:00"),
      }),
    ]);
    const [a] = await listFindingHistory(db.prisma, clusterId, { fingerprint: "a".repeat(32) });
    expect(a).toEqual(
      row("a".repeat(32), {
        lastSeen: t("11:00"),
        occurrences: 2,
        openSince: t("11:00"),
        resolvedAt: t("10:30"),
        resolvedAfter: t("10:00"),
      }),
    );
    const nodes = await listFindingHistory(db.prisma, clusterId, {
      target: { kind: "Node", namespace: null, name: "n1" },
    });
    expect(nodes).toEqual([node]);
  });

  it("a pass loads its seen fingerprints and the open rows in its scope only", async () => {
    await saveFindingHistory(db.prisma, clusterId, [
      row("c".repeat(32), { target: { kind: "Pod", namespace: "shop", name: "api-1" } }),
      row("d".repeat(32), { target: { kind: "Pod", namespace: "other", name: "x" } }),
      row("e".repeat(32), { target: { kind: "Pod", namespace: "shop", name: "old" }, openSince: null }),
    ]);
    const fps = async (scope: Parameters<typeof loadPassHistory>[3], seen: string[] = []) =>
      (await loadPassHistory(db.prisma, clusterId, seen, scope)).map((r) => r.fingerprint[0]).sort();
    expect(await fps({ kind: "namespaces", namespaces: ["shop"] })).toEqual(["a", "c"]);
    expect(
      await fps({ kind: "target", target: { kind: "Namespace", namespace: null, name: "shop" } }),
    ).toEqual(["a", "c"]);
    expect(
      await fps({ kind: "target", target: { kind: "Pod", namespace: "shop", name: "api-1" } }, [
        "e".repeat(32),
      ]),
    ).toEqual(["c", "e"]);
    expect(await fps({ kind: "cluster" })).toEqual(["a", "b", "c", "d"]);
  });

  it("lists a guild's successful mutations on the cluster in a window, and a workload's memory samples", async () => {
    const at = new Date();
    await writeAudit(db.prisma, {
      actorId: ALICE,
      actorName: "alice",
      guildId: GUILD,
      action: "manifests.apply",
      target: `cluster/${clusterId}/plan/p1`,
      via: "web",
      result: "ok",
    });
    for (const [guildId, result, target] of [
      [OTHER, "ok", `cluster/${clusterId}/plan/p2`],
      [GUILD, "error", `cluster/${clusterId}/plan/p3`],
      [GUILD, "ok", "cluster/another/plan/p4"],
    ] as const)
      await writeAudit(db.prisma, {
        actorId: ALICE,
        actorName: "alice",
        guildId,
        action: "manifests.apply",
        target,
        via: "web",
        result,
      });
    const rows = await listClusterAuditBetween(db.prisma, {
      guildId: GUILD,
      clusterId,
      from: new Date(at.getTime() - 60_000),
      to: new Date(at.getTime() + 60_000),
    });
    expect(rows.map((r) => r.target)).toEqual([`cluster/${clusterId}/plan/p1`]);

    await db.prisma.usageSample.createMany({
      data: [3, 2, 1, 0].map((m) => ({
        clusterId,
        at: new Date(at.getTime() - m * 60_000),
        namespace: "shop",
        workload: m === 3 ? "Deployment/other" : "Deployment/api",
        attribution: "guild",
        pods: 2,
        cpuUsageCores: 0,
        cpuRequestCores: 0,
        memUsageGb: 0.25 + m / 100,
        memRequestGb: 0,
        storageGb: 0,
        seconds: 60,
      })),
    });
    const memory = await listWorkloadMemory(db.prisma, {
      clusterId,
      namespace: "shop",
      workloads: ["Deployment/api"],
      since: new Date(at.getTime() - 10 * 60_000),
    });
    expect(memory.map((s) => [s.workload, s.memUsageGb, s.pods])).toEqual([
      ["Deployment/api", 0.27, 2],
      ["Deployment/api", 0.26, 2],
      ["Deployment/api", 0.25, 2],
    ]);
  });
});
