import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCredentialCipher, createDiscordDirectory } from "@clustercord/auth";
import type {
  ActionPlan,
  ClustersAddOutput,
  ClustersListOutput,
  ClustersStatusOutput,
  NamespacesListOutput,
} from "@clustercord/contracts";
import type { Database } from "@clustercord/db";
import { callTrpc, openTestDatabase, seedRoleMappings, workerHeaders } from "@clustercord/testenv";
import { type Cluster, startCluster } from "@clustercord/testenv/cluster";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, createApiHandler } from "../src/index";

const ALICE = "100000000000000001"; // admin in Acme
const BOB = "100000000000000002"; // operator in Acme
const CAROL = "100000000000000003"; // admin (owner) of Beta
const ACME = "200000000000000001";
const BETA = "200000000000000002";
const TOKEN = "s".repeat(40);

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Database;
let standIn: DiscordStandIn;
let cluster: Cluster;
let clusterDir: string;
let api: Server;
let apiUrl: string;
let kubeconfig: string;

beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.db;
  standIn = await startDiscordStandIn();
  await seedRoleMappings(db.prisma, standIn.fixture.guilds);
  clusterDir = await mkdtemp(join(tmpdir(), "cc-api-cluster-"));
  cluster = await startCluster({ dataDir: clusterDir });
  kubeconfig = await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
  const directory = createDiscordDirectory({ apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token });
  const cipher = createCredentialCipher([{ id: "k1", key: randomBytes(32) }]);
  api = createServer(
    createApiHandler({
      prisma: db.prisma,
      directory,
      serviceToken: TOKEN,
      cipher,
      confirmationKey: randomBytes(32),
    }),
  );
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
}, 600_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (api ? api.close(() => resolve()) : resolve()));
  await cluster?.stop();
  if (clusterDir) await rm(clusterDir, { recursive: true, force: true });
  await standIn?.close();
  await testDb?.drop();
});

const as = (userId: string, guildId: string) => workerHeaders(TOKEN, userId, guildId);

describe("clusters", () => {
  it("lets a guild admin add a cluster, checking it answers and can impersonate", async () => {
    const res = await callTrpc<ClustersAddOutput>(apiUrl, "clusters.add", {
      headers: as(ALICE, ACME),
      input: { name: "local", kubeconfig, shared: true },
      mutation: true,
    });
    expect(res.error).toBeUndefined();
    expect(res.data.cluster).toMatchObject({
      name: "local",
      shared: true,
      owned: true,
      server: cluster.server,
    });
    expect(res.data.health).toMatchObject({
      reachable: true,
      version: "v1.37.2",
      nodeCount: 3,
      canImpersonate: true,
    });
    // Stored sealed: the private key is nowhere in the row.
    const row = await db.prisma.cluster.findFirstOrThrow({ where: { name: "local" } });
    expect(row.credential).toMatch(/^v1\.k1\./);
    expect(row.credential).not.toContain("PRIVATE KEY");
  });

  it("refuses operators, with the API's message", async () => {
    const res = await callTrpc(apiUrl, "clusters.add", {
      headers: as(BOB, ACME),
      input: { name: "mine", kubeconfig },
      mutation: true,
    });
    expect(res.status).toBe(403);
    expect(res.error?.message).toMatch(/needs the admin role/);
  });

  it("refuses an unsafe kubeconfig, naming the field, and stores nothing", async () => {
    const evil = kubeconfig.replace(
      /users:\n- name: (\S+)\n {2}user:\n/,
      "users:\n- name: $1\n  user:\n    exec: { command: /bin/sh, apiVersion: client.authentication.k8s.io/v1 }\n",
    );
    expect(evil).not.toBe(kubeconfig);
    const before = await db.prisma.cluster.count();
    const res = await callTrpc(apiUrl, "clusters.add", {
      headers: as(ALICE, ACME),
      input: { name: "evil", kubeconfig: evil },
      mutation: true,
    });
    expect(res.status).toBe(400);
    expect(res.error?.message).toMatch(/users\[0\]\.user\.exec/);
    expect(await db.prisma.cluster.count()).toBe(before);
  });

  it("refuses a cluster that does not answer, and stores nothing", async () => {
    const dead = kubeconfig.replace(/server: https:\/\/127\.0\.0\.1:\d+/, "server: https://127.0.0.1:1");
    const res = await callTrpc(apiUrl, "clusters.add", {
      headers: as(ALICE, ACME),
      input: { name: "dead", kubeconfig: dead },
      mutation: true,
    });
    expect(res.status).toBe(400);
    expect(res.error?.message).toMatch(/Cluster not added: cannot reach the API server/);
    expect(await db.prisma.cluster.count({ where: { name: "dead" } })).toBe(0);
  });

  it("refuses a second cluster with the same name", async () => {
    const res = await callTrpc(apiUrl, "clusters.add", {
      headers: as(ALICE, ACME),
      input: { name: "local", kubeconfig },
      mutation: true,
    });
    expect(res.status).toBe(409);
  });

  it("lists and probes the guild's clusters; another guild sees none of them", async () => {
    const list = await callTrpc<ClustersListOutput>(apiUrl, "clusters.list", { headers: as(BOB, ACME) });
    expect(list.data.clusters.map((c) => c.name)).toEqual(["local"]);
    const id = list.data.clusters[0]?.id ?? "";
    const status = await callTrpc<ClustersStatusOutput>(apiUrl, "clusters.status", {
      headers: as(BOB, ACME),
      input: { clusterId: id },
    });
    expect(status.data.health).toMatchObject({ reachable: true, nodeCount: 3, canImpersonate: true });

    const beta = await callTrpc<ClustersListOutput>(apiUrl, "clusters.list", { headers: as(CAROL, BETA) });
    expect(beta.data.clusters).toEqual([]);
    const probe = await callTrpc(apiUrl, "clusters.status", {
      headers: as(CAROL, BETA),
      input: { clusterId: id },
    });
    expect(probe.status).toBe(404);
    expect(JSON.stringify(probe.error)).not.toContain("local");
  });

  it("audits additions and refusals", async () => {
    const rows = await db.prisma.auditLog.findMany({
      where: { action: "clusters.add" },
      orderBy: { id: "asc" },
    });
    expect(rows.map((r) => `${r.target}:${r.result}`)).toEqual([
      "cluster/local:ok",
      "cluster/mine:error",
      "cluster/evil:error",
      "cluster/dead:error",
      "cluster/local:error",
    ]);
    expect(rows.every((r) => r.via === "discord" && r.guildId === ACME)).toBe(true);
  });

  it("removes a cluster in two steps, for the same admin only", async () => {
    const { data } = await callTrpc<ClustersAddOutput>(apiUrl, "clusters.add", {
      headers: as(ALICE, ACME),
      input: { name: "temp", kubeconfig },
      mutation: true,
    });
    const id = data.cluster.id;
    const refused = await callTrpc(apiUrl, "clusters.planRemove", {
      headers: as(BOB, ACME),
      input: { clusterId: id },
    });
    expect(refused.status).toBe(403);

    const plan = await callTrpc<ActionPlan>(apiUrl, "clusters.planRemove", {
      headers: as(ALICE, ACME),
      input: { clusterId: id },
    });
    expect(plan.data.summary).toBe("Remove cluster temp?");
    expect(plan.data.changes.join(" ")).toMatch(/Nothing inside the cluster is deleted/);
    // Planning changed nothing.
    expect(await db.prisma.cluster.count({ where: { id } })).toBe(1);

    // The token is bound to its target.
    const local = (await listNames()).find((c) => c.name === "local");
    const wrong = await callTrpc(apiUrl, "clusters.remove", {
      headers: as(ALICE, ACME),
      input: { clusterId: local?.id, confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    expect(wrong.status).toBe(403);

    const done = await callTrpc<{ removed: string }>(apiUrl, "clusters.remove", {
      headers: as(ALICE, ACME),
      input: { clusterId: id, confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    expect(done.data).toEqual({ removed: "temp" });
    expect((await listNames()).map((c) => c.name)).toEqual(["local"]);
    const audit = await db.prisma.auditLog.findMany({
      where: { action: "clusters.remove" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((r) => r.result)).toEqual(["error", "ok"]);
  });

  it("lists the namespaces a person may use, as the cluster answers for them", async () => {
    const [local] = await listNames();
    const shared = await callTrpc<NamespacesListOutput>(apiUrl, "namespaces.list", {
      headers: as(BOB, ACME),
      input: { clusterId: local?.id },
    });
    expect(shared.data.namespaces).toEqual([`clustercord-guild-${ACME}`]);
    const elsewhere = await callTrpc(apiUrl, "namespaces.list", {
      headers: as(CAROL, BETA),
      input: { clusterId: local?.id },
    });
    expect(elsewhere.status).toBe(404);

    const { data } = await callTrpc<ClustersAddOutput>(apiUrl, "clusters.add", {
      headers: as(ALICE, ACME),
      input: { name: "dedicated", kubeconfig, shared: false },
      mutation: true,
    });
    const dedicated = await callTrpc<NamespacesListOutput>(apiUrl, "namespaces.list", {
      headers: as(BOB, ACME),
      input: { clusterId: data.cluster.id },
    });
    expect(dedicated.data.namespaces).toEqual(expect.arrayContaining(["default", "kube-system"]));
  });

  it("refuses every cluster-scoped procedure to another guild (tenant-escape matrix from the router)", async () => {
    const [local] = await listNames();
    const clusterId = local?.id ?? "";
    // Every procedure that names a cluster, with an otherwise valid input.
    const clusterScoped: Record<string, { input: unknown; mutation?: boolean }> = {
      "clusters.status": { input: { clusterId } },
      "clusters.planRemove": { input: { clusterId } },
      "clusters.remove": { input: { clusterId, confirmToken: "x.AAAAAAAAAAAAAAAAAAAAAA" }, mutation: true },
      "namespaces.list": { input: { clusterId } },
    };
    // Procedures that take no cluster, namespace or object name (their guild checks are tested above).
    const notClusterScoped = new Set([
      "me.get",
      "guilds.list",
      "guilds.select",
      "audit.list",
      "clusters.add",
      "clusters.list",
      "roles.list",
      "roles.set",
    ]);
    const all = Object.keys(appRouter._def.procedures as object).sort();
    expect(
      all.filter((p) => !(p in clusterScoped) && !notClusterScoped.has(p)),
      "procedures without a tenancy case",
    ).toEqual([]);

    for (const [procedure, call] of Object.entries(clusterScoped)) {
      for (const [user, guild] of [
        [CAROL, BETA],
        [ALICE, BETA],
      ] as const) {
        const res = await callTrpc(apiUrl, procedure, { headers: as(user, guild), ...call });
        expect([403, 404], `${procedure} as ${user} in ${guild}`).toContain(res.status);
        expect(JSON.stringify(res.error), `${procedure} leaks nothing`).not.toMatch(/local|127\.0\.0\.1/);
      }
    }
    expect(await db.prisma.cluster.count({ where: { id: clusterId } })).toBe(1);
  });
});

async function listNames() {
  const list = await callTrpc<ClustersListOutput>(apiUrl, "clusters.list", { headers: as(ALICE, ACME) });
  return list.data.clusters;
}
