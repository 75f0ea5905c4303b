import type {
  ActionPlan,
  ClustersAddOutput,
  ClustersListOutput,
  ClustersStatusOutput,
  NamespacesListOutput,
} from "@clustercord/contracts";
import { insertSnapshot, insertVaultSecret, upsertVaultPlacement } from "@clustercord/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

let h: ApiHarness;

beforeAll(async () => {
  h = await startApiHarness();
}, 600_000);

afterAll(async () => {
  await h?.close();
});

describe("clusters", () => {
  it("lets a guild admin add a cluster, checking it answers and can impersonate", async () => {
    const res = await h.call<ClustersAddOutput>("clusters.add", [ALICE, ACME], {
      input: { name: "local", kubeconfig: h.kubeconfig, shared: true },
      mutation: true,
    });
    expect(res.error).toBeUndefined();
    expect(res.data.cluster).toMatchObject({
      name: "local",
      shared: true,
      owned: true,
      server: h.cluster.server,
    });
    expect(res.data.health).toMatchObject({
      reachable: true,
      version: "v1.37.2",
      nodeCount: 3,
      canImpersonate: true,
    });
    // Stored sealed: the private key is nowhere in the row.
    const row = await h.db.prisma.cluster.findFirstOrThrow({ where: { name: "local" } });
    expect(row.credential).toMatch(/^v1\.k1\./);
    expect(row.credential).not.toContain("PRIVATE KEY");
  });

  it("refuses operators, with the API's message", async () => {
    const res = await h.call("clusters.add", [BOB, ACME], {
      input: { name: "mine", kubeconfig: h.kubeconfig },
      mutation: true,
    });
    expect(res.status).toBe(403);
    expect(res.error?.message).toMatch(/needs the admin role/);
  });

  it("refuses an unsafe kubeconfig, naming the field, and stores nothing", async () => {
    const evil = h.kubeconfig.replace(
      /users:\n- name: (\S+)\n {2}user:\n/,
      "users:\n- name: $1\n  user:\n    exec: { command: /bin/sh, apiVersion: client.authentication.k8s.io/v1 }\n",
    );
    expect(evil).not.toBe(h.kubeconfig);
    const before = await h.db.prisma.cluster.count();
    const res = await h.call("clusters.add", [ALICE, ACME], {
      input: { name: "evil", kubeconfig: evil },
      mutation: true,
    });
    expect(res.status).toBe(400);
    expect(res.error?.message).toMatch(/users\[0\]\.user\.exec/);
    expect(await h.db.prisma.cluster.count()).toBe(before);
  });

  it("refuses a cluster that does not answer, and stores nothing", async () => {
    const dead = h.kubeconfig.replace(/server: https:\/\/127\.0\.0\.1:\d+/, "server: https://127.0.0.1:1");
    const res = await h.call("clusters.add", [ALICE, ACME], {
      input: { name: "dead", kubeconfig: dead },
      mutation: true,
    });
    expect(res.status).toBe(400);
    expect(res.error?.message).toMatch(/Cluster not added: cannot reach the API server/);
    expect(await h.db.prisma.cluster.count({ where: { name: "dead" } })).toBe(0);
  });

  it("refuses a second cluster with the same name", async () => {
    const res = await h.call("clusters.add", [ALICE, ACME], {
      input: { name: "local", kubeconfig: h.kubeconfig },
      mutation: true,
    });
    expect(res.status).toBe(409);
  });

  it("lists and probes the guild's clusters; another guild sees none of them", async () => {
    const list = await h.call<ClustersListOutput>("clusters.list", [BOB, ACME]);
    expect(list.data.clusters.map((c) => c.name)).toEqual(["local"]);
    const id = list.data.clusters[0]?.id ?? "";
    const status = await h.call<ClustersStatusOutput>("clusters.status", [BOB, ACME], {
      input: { clusterId: id },
    });
    expect(status.data.health).toMatchObject({ reachable: true, nodeCount: 3, canImpersonate: true });

    const beta = await h.call<ClustersListOutput>("clusters.list", [CAROL, BETA]);
    expect(beta.data.clusters).toEqual([]);
    const probe = await h.call("clusters.status", [CAROL, BETA], {
      input: { clusterId: id },
    });
    expect(probe.status).toBe(404);
    expect(JSON.stringify(probe.error)).not.toContain("local");
  });

  it("audits additions and refusals", async () => {
    const rows = await h.db.prisma.auditLog.findMany({
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
    const { data } = await h.call<ClustersAddOutput>("clusters.add", [ALICE, ACME], {
      input: { name: "temp", kubeconfig: h.kubeconfig },
      mutation: true,
    });
    const id = data.cluster.id;
    const refused = await h.call("clusters.planRemove", [BOB, ACME], {
      input: { clusterId: id },
    });
    expect(refused.status).toBe(403);

    const plan = await h.call<ActionPlan>("clusters.planRemove", [ALICE, ACME], {
      input: { clusterId: id },
    });
    expect(plan.data.summary).toBe("Remove cluster temp?");
    expect(plan.data.changes.join(" ")).toMatch(
      /cluster-wide RoleBindings \(clustercord-guild-…\) are deleted if the cluster answers; nothing else inside it is/,
    );
    const bindings = `clusterrolebinding/clustercord-guild-${ACME}-viewer`;
    expect(await h.cluster.kubectl(["get", bindings, "-o", "name"])).toContain(
      `clustercord-guild-${ACME}-viewer`,
    );
    // Planning changed nothing.
    expect(await h.db.prisma.cluster.count({ where: { id } })).toBe(1);

    // The token is bound to its target.
    const local = (await listNames()).find((c) => c.name === "local");
    const wrong = await h.call("clusters.remove", [ALICE, ACME], {
      input: { clusterId: local?.id, confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    expect(wrong.status).toBe(403);

    // A snapshot of it (an archive in the blob store) and a vault secret applied there.
    const snapshot = await insertSnapshot(h.db.prisma, {
      guildId: ACME,
      clusterId: id,
      description: "before removal",
      scope: "namespaces",
      namespaces: [],
      createdById: ALICE,
      createdVia: "web",
    });
    await h.blobStore.put(snapshot.blobKey, Buffer.from("sealed archive"));
    const secret = await insertVaultSecret(
      h.db.prisma,
      { guildId: ACME, name: "temp-creds", clusterId: id, namespace: "default", type: "Opaque" },
      { sealed: "e1.k1.not-opened-here", keys: ["A"], reason: "created", createdById: ALICE },
    );
    await upsertVaultPlacement(h.db.prisma, {
      secretId: secret.id,
      clusterId: id,
      namespace: "default",
      version: 1,
      appliedAt: new Date(),
      appliedById: ALICE,
    });
    expect(plan.data.changes).toContain(
      "Its snapshots and their archives are deleted; vault secrets stay, and forget that they were applied there.",
    );

    const done = await h.call<{ removed: string }>("clusters.remove", [ALICE, ACME], {
      input: { clusterId: id, confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    expect(done.data).toEqual({ removed: "temp" });
    expect(await h.db.prisma.snapshot.count({ where: { clusterId: id } })).toBe(0);
    expect(await h.blobStore.stat(snapshot.blobKey)).toBeNull();
    expect(await h.db.prisma.vaultSecretPlacement.count({ where: { clusterId: id } })).toBe(0);
    expect(await h.db.prisma.vaultSecret.count({ where: { id: secret.id } })).toBe(1);
    await h.db.prisma.vaultSecret.delete({ where: { id: secret.id } });
    // Its cluster-wide bindings went with it.
    await expect(h.cluster.kubectl(["get", bindings])).rejects.toThrow(/NotFound/);
    expect((await listNames()).map((c) => c.name)).toEqual(["local"]);
    const audit = await h.db.prisma.auditLog.findMany({
      where: { action: "clusters.remove" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((r) => r.result)).toEqual(["error", "ok"]);
  });

  it("lists the namespaces a person may use, as the cluster answers for them", async () => {
    const [local] = await listNames();
    const shared = await h.call<NamespacesListOutput>("namespaces.list", [BOB, ACME], {
      input: { clusterId: local?.id },
    });
    expect(shared.data.namespaces).toEqual([`clustercord-guild-${ACME}`]);
    const elsewhere = await h.call("namespaces.list", [CAROL, BETA], {
      input: { clusterId: local?.id },
    });
    expect(elsewhere.status).toBe(404);

    const { data } = await h.call<ClustersAddOutput>("clusters.add", [ALICE, ACME], {
      input: { name: "dedicated", kubeconfig: h.kubeconfig, shared: false },
      mutation: true,
    });
    const dedicated = await h.call<NamespacesListOutput>("namespaces.list", [BOB, ACME], {
      input: { clusterId: data.cluster.id },
    });
    expect(dedicated.data.namespaces).toEqual(expect.arrayContaining(["default", "kube-system"]));
  });
});

async function listNames() {
  const list = await h.call<ClustersListOutput>("clusters.list", [ALICE, ACME]);
  return list.data.clusters;
}
