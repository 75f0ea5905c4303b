import { openTestDatabase } from "@clustercord/testenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Database,
  deleteCluster,
  deleteClusterPolicy,
  findClusterOwner,
  findLastAuditRun,
  insertCluster,
  listClusterPolicies,
  listClustersWithPolicies,
  listViolationRows,
  upsertClusterPolicy,
  type ViolationFields,
  writeAuditPass,
} from "../src/index";

const GUILD = "200000000000000001";
let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Database;
let clusterId: string;

const fields = (name: string, over: Partial<ViolationFields> = {}): ViolationFields => ({
  policy: "require-limits",
  severity: "HIGH",
  namespace: "shop",
  apiVersion: "apps/v1",
  kind: "Deployment",
  name,
  uid: null,
  container: "app",
  message: "no cpu limit",
  fixAvailable: true,
  ...over,
});

const emptyPass = (at: Date) => ({
  at,
  create: [],
  touch: [],
  reopen: [],
  resolve: [],
  update: [],
  objects: 0,
  open: 0,
  pruneResolvedBefore: new Date(at.getTime() - 30 * 86_400_000),
});

beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.db;
  const cluster = await insertCluster(db.prisma, {
    id: "policies-cluster",
    guildId: GUILD,
    name: "policies",
    server: "https://127.0.0.1:6443",
    shared: false,
    insecure: false,
    credential: "sealed",
    keyId: "k1",
    createdBy: "100000000000000001",
  } as never);
  clusterId = cluster.id;
});
afterAll(async () => {
  await testDb?.drop();
});

describe("policy rows and audit passes", () => {
  it("stores one intent per cluster and policy, replaced on a second enable", async () => {
    const row = {
      clusterId,
      policy: "require-limits",
      scope: { kind: "cluster" },
      exclusions: {},
      enabledBy: "u1",
    };
    await upsertClusterPolicy(db.prisma, { ...row, mode: "Audit" });
    await upsertClusterPolicy(db.prisma, { ...row, mode: "Enforce" });
    const rows = await listClusterPolicies(db.prisma, clusterId);
    expect(rows.map((r) => [r.policy, r.mode])).toEqual([["require-limits", "Enforce"]]);
    expect(await listClustersWithPolicies(db.prisma)).toEqual([clusterId]);
    expect(await findClusterOwner(db.prisma, clusterId)).toBe(GUILD);
  });

  it("writes a pass in batches: created, touched, resolved, reopened, updated, and the last run", async () => {
    const t1 = new Date("2026-11-30T09:00:00Z");
    await writeAuditPass(db.prisma, clusterId, {
      ...emptyPass(t1),
      create: [fields("web"), fields("api"), fields("db", { container: "" })],
      objects: 3,
      open: 3,
    });
    const first = await listViolationRows(db.prisma, clusterId);
    const id = (name: string) => first.find((r) => r.name === name)?.id ?? "";
    expect(first.map((r) => r.name).sort()).toEqual(["api", "db", "web"]);

    const t2 = new Date("2026-11-30T09:01:00Z");
    await writeAuditPass(db.prisma, clusterId, {
      ...emptyPass(t2),
      touch: [id("web"), id("db")],
      resolve: [id("api")],
      update: [{ id: id("web"), fields: { message: "no cpu or memory limit" } }],
      objects: 2,
      open: 2,
    });
    const second = await listViolationRows(db.prisma, clusterId, { includeResolved: true });
    const web = second.find((r) => r.name === "web");
    expect(web).toMatchObject({ message: "no cpu or memory limit", resolvedAt: null });
    expect(web?.firstSeen).toEqual(t1);
    expect(web?.lastSeen).toEqual(t2);
    expect(second.find((r) => r.name === "api")?.resolvedAt).toEqual(t2);
    expect((await listViolationRows(db.prisma, clusterId)).map((r) => r.name).sort()).toEqual(["db", "web"]);

    const t3 = new Date("2026-11-30T09:02:00Z");
    await writeAuditPass(db.prisma, clusterId, {
      ...emptyPass(t3),
      reopen: [id("api")],
      objects: 3,
      open: 3,
    });
    const api = (await listViolationRows(db.prisma, clusterId)).find((r) => r.name === "api");
    expect(api).toMatchObject({ firstSeen: t3, lastSeen: t3, resolvedAt: null });
    expect(await findLastAuditRun(db.prisma, clusterId)).toEqual({
      clusterId,
      finishedAt: t3,
      objects: 3,
      open: 3,
    });
  });

  it("prunes resolved rows past the retention", async () => {
    const later = new Date("2027-02-01T00:00:00Z");
    await deleteClusterPolicy(db.prisma, clusterId, "require-limits", new Date("2026-12-01T00:00:00Z"));
    expect(await listViolationRows(db.prisma, clusterId)).toEqual([]);
    expect(await listClusterPolicies(db.prisma, clusterId)).toEqual([]);
    await writeAuditPass(db.prisma, clusterId, emptyPass(later));
    expect(await listViolationRows(db.prisma, clusterId, { includeResolved: true })).toEqual([]);
  });

  it("goes with its cluster", async () => {
    await upsertClusterPolicy(db.prisma, {
      clusterId,
      policy: "no-privileged",
      mode: "Audit",
      scope: { kind: "cluster" },
      exclusions: {},
      enabledBy: "u1",
    });
    await deleteCluster(db.prisma, GUILD, clusterId);
    expect(await listClustersWithPolicies(db.prisma)).toEqual([]);
    expect(await findLastAuditRun(db.prisma, clusterId)).toBeNull();
  });
});
