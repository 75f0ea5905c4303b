/**
 * Cluster snapshots on the local control plane, through the API over HTTP:
 * a snapshot of Acme's namespace is taken in the background as the person,
 * downloaded through its signed link (the archive lists the expected files;
 * the Secret inside is sealed: its value is nowhere in it), diffed against
 * the live cluster after changes (exactly those changes), restored after a
 * dry-run preview (the restored objects match); a tenant's snapshot holds
 * nothing outside its namespace; schedules take and prune; every bad input
 * is refused with its message.
 */

import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import type {
  ActionPlan,
  SnapshotSummary,
  SnapshotsCreateOutput,
  SnapshotsDiffObjectOutput,
  SnapshotsDiffOutput,
  SnapshotsDownloadOutput,
  SnapshotsGetOutput,
  SnapshotsListOutput,
  SnapshotsPlanRestoreOutput,
  SnapshotsRestoreOutput,
} from "@clustercord/contracts";
import { insertSnapshot } from "@clustercord/db";
import { readSnapshotArchive } from "@clustercord/kube";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepSnapshots, takeSnapshot } from "../src/index";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

const nsAcme = `clustercord-guild-${ACME}`;
const nsBeta = `clustercord-guild-${BETA}`;
const PASSWORD = registerSecret("snapshot-db-password-5b1e93c0d7", "a Secret value inside a snapshot");
const NEW_PASSWORD = registerSecret("snapshot-db-password-rotated-a41f", "the Secret's value after a change");

let h: ApiHarness;
let shared: string;
let dedicated: string;
let before: SnapshotSummary;

const asAlice = [ALICE, ACME] as const;
const asBob = [BOB, ACME] as const;
const asCarolInBeta = [CAROL, BETA] as const;

const apply = (objects: unknown[]) =>
  h.cluster.kubectl(["apply", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }));
const kubectlJson = async <T>(args: string[]) =>
  JSON.parse(await h.cluster.kubectl([...args, "-o", "json"])) as T;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

const create = (who: readonly [string, string], input: Record<string, unknown>) =>
  h.call<SnapshotsCreateOutput>("snapshots.create", who, { input, mutation: true });

/** Waits for a snapshot to leave "running", as its owner's guild sees it. */
const settled = async (id: string, who: readonly [string, string] = asBob) =>
  (
    await until(
      () => h.call<SnapshotsGetOutput>("snapshots.get", who, { input: { id } }),
      (res) => res.data?.snapshot.status !== "running",
    )
  ).data;

async function download(id: string, who: readonly [string, string] = asBob) {
  const link = await h.call<SnapshotsDownloadOutput>("snapshots.download", who, { input: { id } });
  expect(link.error).toBeUndefined();
  const res = await fetch(link.data.url);
  return { link: link.data, res, bytes: Buffer.from(await res.arrayBuffer()) };
}

const refOf = (o: { kind: string; namespace: string; name: string }) => `${o.kind} ${o.namespace}/${o.name}`;

const deployment = (image: string) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: nsAcme },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: {
        containers: [
          {
            name: "web",
            image,
            resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
          },
        ],
      },
    },
  },
});

beforeAll(async () => {
  h = await startApiHarness();
  shared = await h.addSharedCluster([BETA]);
  const added = await h.call<{ cluster: { id: string } }>("clusters.add", asAlice, {
    input: { name: "dedicated", kubeconfig: h.kubeconfig, shared: false },
    mutation: true,
  });
  if (added.error) throw new Error(`clusters.add: ${added.error.message}`);
  dedicated = added.data.cluster.id;
  // Beta's namespace exists once Beta uses the cluster.
  await h.call("namespaces.list", asCarolInBeta, { input: { clusterId: shared } });
  await apply([
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "app-config", namespace: nsAcme },
      data: { a: "1" },
    },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db", namespace: nsAcme },
      stringData: { PASSWORD },
    },
    deployment("registry.example/acme/web:1.0"),
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: nsAcme },
      spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "outside", namespace: "default" },
      data: { x: "y" },
    },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "blog", namespace: nsBeta }, data: { b: "2" } },
  ]);
}, 600_000);

afterAll(async () => {
  await h?.close();
});

describe("a snapshot of Acme's namespace", () => {
  it("is taken in the background as the person and becomes ready with its counts", async () => {
    const started = await create(asBob, {
      clusterId: shared,
      description: "before the change",
      namespaces: [nsAcme],
    });
    expect(started.error).toBeUndefined();
    expect(started.data.snapshot).toMatchObject({
      status: "running",
      scope: "namespaces",
      namespaces: [nsAcme],
    });
    expect(started.data.message).toContain("started");
    const got = await settled(started.data.snapshot.id);
    expect(got.snapshot.error).toBeUndefined();
    expect(got.snapshot.status).toBe("ready");
    expect(got.snapshot.objectCount).toBeGreaterThan(4);
    expect(got.snapshot.bytes).toBeGreaterThan(0);
    expect(got.snapshot.kubernetesVersion).toMatch(/^\d+\.\d+/);
    expect(got.kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining(["ConfigMap", "Secret", "Deployment", "Service"]),
    );
    expect(got.namespaceCounts.map((n) => n.namespace)).toContain(nsAcme);
    before = got.snapshot;
    const listed = await h.call<SnapshotsListOutput>("snapshots.list", [CAROL, ACME], {
      input: { clusterId: shared },
    });
    expect(listed.data.snapshots.map((s) => s.id)).toContain(before.id);
  });

  it("downloads through its signed link: the archive lists the expected files and the Secret stays sealed", async () => {
    const { link, res, bytes } = await download(before.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    expect(res.headers.get("content-disposition")).toContain(link.filename);
    expect(link.filename).toMatch(/\.tar\.gz$/);
    expect(bytes.length).toBe(link.bytes);
    const archive = await readSnapshotArchive(Readable.from([bytes]));
    expect(archive.files).toEqual(
      expect.arrayContaining([
        "manifest.json",
        "objects/_cluster/namespace.core.yaml",
        `objects/${nsAcme}/configmap.core.yaml`,
        `objects/${nsAcme}/secret.core.yaml`,
        `objects/${nsAcme}/deployment.apps.yaml`,
        `objects/${nsAcme}/service.core.yaml`,
      ]),
    );
    expect(archive.manifest.metadata).toMatchObject({ cluster: "shared", description: "before the change" });
    const secret = archive.find({
      apiVersion: "v1",
      kind: "Secret",
      namespace: nsAcme,
      name: "db",
    }) as Record<string, unknown>;
    expect(secret.keys).toEqual(["PASSWORD"]);
    expect(String(secret.sealedData)).toMatch(/^k1\./);
    expect(secret.data).toBeUndefined();
    const plain = gunzipSync(bytes).toString("latin1");
    expect(plain).not.toContain(PASSWORD);
    expect(plain).not.toContain(Buffer.from(PASSWORD).toString("base64"));
    // Only Acme's namespace: nothing from default, Beta or kube-system.
    for (const entry of archive.index) {
      if (entry.kind === "Namespace") expect(entry.name).toBe(nsAcme);
      else expect(entry.namespace, refOf(entry)).toBe(nsAcme);
    }
    // The link is the person's for five minutes: a changed token is refused before anything is read.
    const forged = new URL(link.url);
    forged.searchParams.set("token", `${forged.searchParams.get("token")?.slice(0, -2)}AA`);
    const refused = await fetch(forged);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      "That download link is not valid; ask for a new one.",
    );
  });

  it("diffed against the live cluster after changes, lists exactly those changes (the Secret by key only)", async () => {
    await apply([
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "app-config", namespace: nsAcme },
        data: { a: "2" },
      },
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "new-config", namespace: nsAcme },
        data: { n: "1" },
      },
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "db", namespace: nsAcme },
        stringData: { PASSWORD: NEW_PASSWORD },
      },
      deployment("registry.example/acme/web:1.1"),
    ]);
    await h.cluster.kubectl(["delete", "service", "web", "-n", nsAcme]);
    const diff = await h.call<SnapshotsDiffOutput>("snapshots.diff", asBob, {
      input: { from: before.id, to: "live" },
    });
    expect(diff.error).toBeUndefined();
    expect(diff.data.added.map(refOf)).toEqual([`ConfigMap ${nsAcme}/new-config`]);
    expect(diff.data.removed.map(refOf)).toEqual([`Service ${nsAcme}/web`]);
    expect(diff.data.changed.map(refOf).sort()).toEqual(
      [`ConfigMap ${nsAcme}/app-config`, `Deployment ${nsAcme}/web`, `Secret ${nsAcme}/db`].sort(),
    );
    const byName = Object.fromEntries(diff.data.changed.map((c) => [c.kind, c]));
    expect(byName.ConfigMap?.fields).toEqual([{ path: "data.a", from: "1", to: "2" }]);
    expect(byName.Deployment?.fields).toContainEqual({
      path: "spec.template.spec.containers[0].image",
      from: "registry.example/acme/web:1.0",
      to: "registry.example/acme/web:1.1",
    });
    expect(byName.Secret?.secretKeys).toEqual({ added: [], removed: [], changed: ["PASSWORD"] });
    expect(diff.data.counts).toEqual({ added: 1, removed: 1, changed: 3 });
    expect(JSON.stringify(diff.data)).not.toContain(NEW_PASSWORD);

    // Two snapshots: the one before and one taken now say the same as the live comparison.
    const now = await create(asBob, {
      clusterId: shared,
      description: "after the change",
      namespaces: [nsAcme],
    });
    expect((await settled(now.data.snapshot.id)).snapshot.status).toBe("ready");
    const between = await h.call<SnapshotsDiffOutput>("snapshots.diff", asBob, {
      input: { from: before.id, to: now.data.snapshot.id },
    });
    expect(between.error).toBeUndefined();
    expect(between.data.from).toBe(before.id);
    expect(between.data.to).toBe(now.data.snapshot.id);
    const shape = (d: SnapshotsDiffOutput) => ({
      added: d.added.map(refOf),
      removed: d.removed.map(refOf),
      changed: d.changed.map((c) => [refOf(c), c.secretKeys ?? null]),
      counts: d.counts,
    });
    expect(shape(between.data)).toEqual(shape(diff.data));

    // The side-by-side viewer: both sides' YAML, a Secret with its keys only.
    const side = await h.call<SnapshotsDiffObjectOutput>("snapshots.diffObject", asBob, {
      input: {
        from: before.id,
        to: "live",
        object: { apiVersion: "v1", kind: "Secret", namespace: nsAcme, name: "db" },
      },
    });
    expect(side.data.fromYaml).toContain("PASSWORD");
    expect(side.data.toYaml).toContain("PASSWORD");
    expect(`${side.data.fromYaml}${side.data.toYaml}`).not.toMatch(/sealedData|k1\./);
    const gone = await h.call<SnapshotsDiffObjectOutput>("snapshots.diffObject", asBob, {
      input: {
        from: before.id,
        to: "live",
        object: { apiVersion: "v1", kind: "Service", namespace: nsAcme, name: "web" },
      },
    });
    expect(gone.data.fromYaml).toContain("targetPort: 8080");
    expect(gone.data.toYaml).toBeNull();
  });

  it("previews the restore as a server-side dry-run in dependency order, then restores; objects match", async () => {
    const plan = await h.call<SnapshotsPlanRestoreOutput>("snapshots.planRestore", asAlice, {
      input: { id: before.id },
    });
    expect(plan.error).toBeUndefined();
    const steps = plan.data.steps.filter((s) => s.action !== "unchanged");
    expect(steps.map((s) => `${s.action} ${refOf(s)}`)).toEqual([
      `update ConfigMap ${nsAcme}/app-config`,
      `update Secret ${nsAcme}/db`,
      `create Service ${nsAcme}/web`,
      `update Deployment ${nsAcme}/web`,
    ]);
    expect(plan.data.counts).toMatchObject({ create: 1, update: 3, delete: 0, conflict: 0 });
    expect(JSON.stringify(plan.data)).not.toMatch(new RegExp(`${PASSWORD}|${NEW_PASSWORD}`));
    // The dry-run changed nothing.
    expect(
      (await kubectlJson<{ data: { a: string } }>(["get", "configmap", "app-config", "-n", nsAcme])).data.a,
    ).toBe("2");

    // deleteNewer is its own plan (the token is bound to the selection): it adds the object created since.
    const withDelete = await h.call<SnapshotsPlanRestoreOutput>("snapshots.planRestore", asAlice, {
      input: { id: before.id, deleteNewer: true },
    });
    expect(withDelete.data.steps.filter((s) => s.action === "delete").map(refOf)).toEqual([
      `ConfigMap ${nsAcme}/new-config`,
    ]);
    const widened = await h.call("snapshots.restore", asAlice, {
      input: { id: before.id, deleteNewer: true, confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    expect(widened.status).toBe(403);
    expect(widened.error?.message).toBe("That confirmation is not valid for this action; start again.");

    const restored = await h.call<SnapshotsRestoreOutput>("snapshots.restore", asAlice, {
      input: { id: before.id, deleteNewer: true, confirmToken: withDelete.data.confirmToken },
      mutation: true,
    });
    expect(restored.error).toBeUndefined();
    expect(restored.data).toMatchObject({ created: 1, updated: 3, deleted: 1, failed: [] });
    expect(
      (await kubectlJson<{ data: { a: string } }>(["get", "configmap", "app-config", "-n", nsAcme])).data.a,
    ).toBe("1");
    const secret = await kubectlJson<{ data: { PASSWORD: string } }>(["get", "secret", "db", "-n", nsAcme]);
    expect(Buffer.from(secret.data.PASSWORD, "base64").toString()).toBe(PASSWORD);
    const web = await kubectlJson<{ spec: { template: { spec: { containers: { image: string }[] } } } }>([
      "get",
      "deployment",
      "web",
      "-n",
      nsAcme,
    ]);
    expect(web.spec.template.spec.containers[0]?.image).toBe("registry.example/acme/web:1.0");
    const service = await kubectlJson<{ spec: { ports: { port: number; targetPort: number }[] } }>([
      "get",
      "service",
      "web",
      "-n",
      nsAcme,
    ]);
    expect(service.spec.ports[0]).toMatchObject({ port: 80, targetPort: 8080 });
    await expect(h.cluster.kubectl(["get", "configmap", "new-config", "-n", nsAcme])).rejects.toThrow(
      /NotFound/,
    );

    // Against the live cluster again: nothing added or removed; only what the API server assigns anew differs.
    const after = await h.call<SnapshotsDiffOutput>("snapshots.diff", asBob, {
      input: { from: before.id, to: "live" },
    });
    expect(after.data.counts.added + after.data.counts.removed).toBe(0);
    const assigned = /^spec\.clusterIPs?(\[\d+\])?$|deployment\.kubernetes\.io\/revision/;
    for (const change of after.data.changed) {
      expect(change.secretKeys?.changed ?? [], refOf(change)).toEqual([]);
      for (const field of change.fields) expect(field.path, refOf(change)).toMatch(assigned);
    }
    const audit = await h.db.prisma.auditLog.findMany({
      where: { action: "snapshots.restore" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.result, a.target])).toEqual([
      ["error", `snapshot/${before.id}`],
      ["ok", `snapshot/${before.id}`],
    ]);
  });
});

describe("a tenant's snapshot", () => {
  it("holds nothing outside its own namespace", async () => {
    const started = await create(asCarolInBeta, { clusterId: shared, description: "beta" });
    expect(started.error).toBeUndefined();
    expect(started.data.snapshot.namespaces).toEqual([nsBeta]);
    expect((await settled(started.data.snapshot.id, asCarolInBeta)).snapshot.status).toBe("ready");
    const { res, bytes } = await download(started.data.snapshot.id, asCarolInBeta);
    expect(res.status).toBe(200);
    const archive = await readSnapshotArchive(Readable.from([bytes]));
    expect(archive.index.length).toBeGreaterThan(1);
    for (const entry of archive.index) {
      if (entry.kind === "Namespace") expect(entry.name).toBe(nsBeta);
      else expect(entry.namespace, refOf(entry)).toBe(nsBeta);
    }
    expect(
      archive.find({ apiVersion: "v1", kind: "ConfigMap", namespace: nsBeta, name: "blog" }),
    ).not.toBeNull();
    expect(gunzipSync(bytes).toString("latin1")).not.toContain(nsAcme);
  });
});

describe("bad input", () => {
  it("refuses another guild's snapshot as not found, everywhere", async () => {
    const message = `There is no snapshot ${before.id} in this server.`;
    for (const [procedure, input] of [
      ["snapshots.get", { id: before.id }],
      ["snapshots.download", { id: before.id }],
      ["snapshots.diff", { from: before.id, to: "live" }],
      ["snapshots.planRestore", { id: before.id }],
      ["snapshots.planDelete", { id: before.id }],
    ] as const) {
      const res = await h.call(procedure, asCarolInBeta, { input });
      expect(res.status, procedure).toBe(404);
      expect(res.error?.message, procedure).toBe(message);
    }
    const listed = await h.call<SnapshotsListOutput>("snapshots.list", asCarolInBeta, { input: {} });
    expect(listed.data.snapshots.map((s) => s.id)).not.toContain(before.id);
  });

  it("refuses a restore into namespaces the person cannot use, naming them; nothing is written", async () => {
    const res = await h.call("snapshots.planRestore", asAlice, {
      input: { id: before.id, namespaces: [nsAcme, "kube-system"] },
    });
    expect(res.status).toBe(403);
    expect(res.error?.message).toBe("You cannot use namespace kube-system on this cluster.");
    const create2 = await create(asBob, { clusterId: shared, namespaces: ["kube-system", "default"] });
    expect(create2.status).toBe(403);
    expect(create2.error?.message).toBe("You cannot use namespaces default, kube-system on this cluster.");
  });

  it("refuses whole-cluster snapshots to non-admins and on shared clusters", async () => {
    const byOperator = await create(asBob, { clusterId: dedicated, scope: "cluster" });
    expect(byOperator.status).toBe(403);
    expect(byOperator.error?.message).toBe(
      "A whole-cluster snapshot needs the admin role; you are operator.",
    );
    const onShared = await create(asAlice, { clusterId: shared, scope: "cluster" });
    expect(onShared.status).toBe(403);
    expect(onShared.error?.message).toBe(
      "This cluster is shared with other servers, so a snapshot can hold only your namespaces (scope: namespaces).",
    );
    const byTenant = await create(asCarolInBeta, { clusterId: shared, scope: "cluster" });
    expect(byTenant.status).toBe(403);
    expect(byTenant.error?.message).toBe(
      "Only the server that added this cluster can snapshot all of it; snapshot your namespaces.",
    );
    expect(await h.db.prisma.snapshot.count({ where: { scope: "cluster" } })).toBe(0);
  });

  it("refuses a tampered archive: its integrity check fails for diff, restore and download", async () => {
    const row = await h.db.prisma.snapshot.findUniqueOrThrow({ where: { id: before.id } });
    const original = Buffer.concat(await (await h.blobStore.get(row.blobKey)).toArray());
    const tampered = Buffer.from(original);
    const middle = Math.floor(tampered.length / 2);
    tampered[middle] = (tampered[middle] ?? 0) ^ 0x01;
    await h.blobStore.put(row.blobKey, tampered);
    try {
      const message = `The archive of snapshot ${before.id} failed its integrity check: it was changed, or it belongs to another guild or item.`;
      const diff = await h.call("snapshots.diff", asBob, { input: { from: before.id, to: "live" } });
      expect(diff.status).toBe(400);
      expect(diff.error?.message).toBe(message);
      const plan = await h.call("snapshots.planRestore", asAlice, { input: { id: before.id } });
      expect(plan.error?.message).toBe(message);
      const { res, bytes } = await download(before.id);
      expect(res.status).toBe(400);
      expect(JSON.parse(bytes.toString("utf8"))).toEqual({ error: { message, code: "BAD_REQUEST" } });
    } finally {
      await h.blobStore.put(row.blobKey, original);
    }
    expect((await download(before.id)).res.status).toBe(200);
  });
});

describe("a take that cannot go on", () => {
  it("marks the snapshot failed with the reason and leaves no archive behind", async () => {
    // Asked for by someone who is (now) only a viewer: the take reads their role again and stops.
    const row = await insertSnapshot(h.db.prisma, {
      guildId: ACME,
      clusterId: shared,
      description: "",
      scope: "namespaces",
      namespaces: [nsAcme],
      createdById: CAROL,
      createdVia: "web",
    });
    expect(await takeSnapshot(h.snapshotJobDeps, { snapshotId: row.id, guildId: ACME })).toBe("failed");
    const got = await h.call<SnapshotsGetOutput>("snapshots.get", asBob, { input: { id: row.id } });
    expect(got.data.snapshot).toMatchObject({
      status: "failed",
      error: "the person who asked for it is viewer now; snapshots need the operator role",
    });
    expect(await h.blobStore.stat(row.blobKey)).toBeNull();
    const download = await h.call("snapshots.download", asBob, { input: { id: row.id } });
    expect(download.error?.message).toBe(
      `Snapshot ${row.id} failed (the person who asked for it is viewer now; snapshots need the operator role); it has no archive.`,
    );
  });
});

describe("schedules and deletes", () => {
  it("takes due scheduled snapshots as the person and keeps only the newest `keep`", async () => {
    const scheduled = await h.call<{ schedule: { id: string } }>("snapshots.schedule", asAlice, {
      input: { clusterId: shared, every: "weekly", keep: 1, namespaces: [nsAcme], description: "weekly" },
      mutation: true,
    });
    expect(scheduled.error).toBeUndefined();
    const id = scheduled.data.schedule.id;
    const due = async () => {
      await h.db.prisma.snapshotSchedule.update({
        where: { id },
        data: { nextRunAt: new Date(Date.now() - 1000) },
      });
      await sweepSnapshots(h.snapshotJobDeps, h.snapshotTaker);
      const rows = await h.db.prisma.snapshot.findMany({
        where: { scheduleId: id },
        orderBy: { createdAt: "asc" },
      });
      for (const r of rows) await settled(r.id, asAlice);
      return rows;
    };
    const first = await due();
    expect(first).toHaveLength(1);
    const second = await due();
    const kept = await h.db.prisma.snapshot.findMany({ where: { scheduleId: id } });
    expect(kept.map((r) => r.id)).toEqual([second.at(-1)?.id]);
    expect(kept[0]?.status).toBe("ready");
    // The pruned snapshot's archive went with it.
    expect(await h.blobStore.stat(first[0]?.blobKey ?? "")).toBeNull();
    const next = await h.db.prisma.snapshotSchedule.findUniqueOrThrow({ where: { id } });
    expect(next.nextRunAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const gone = await h.call("snapshots.unschedule", asAlice, { input: { id }, mutation: true });
    expect(gone.error).toBeUndefined();
    const again = await h.call("snapshots.unschedule", asAlice, { input: { id }, mutation: true });
    expect(again.error?.message).toBe(`There is no snapshot schedule ${id} in this server.`);
  });

  it("deletes a snapshot plan-then-confirm: the archive and its row go", async () => {
    const plan = await h.call<ActionPlan>("snapshots.planDelete", asAlice, { input: { id: before.id } });
    expect(plan.data.summary).toContain(`Delete snapshot ${before.id}`);
    const blobKey = (await h.db.prisma.snapshot.findUniqueOrThrow({ where: { id: before.id } })).blobKey;
    const byBob = await h.call("snapshots.delete", asBob, {
      input: { id: before.id, confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    expect(byBob.status).toBe(403);
    const deleted = await h.call("snapshots.delete", asAlice, {
      input: { id: before.id, confirmToken: plan.data.confirmToken },
      mutation: true,
    });
    expect(deleted.error).toBeUndefined();
    expect(await h.blobStore.stat(blobKey)).toBeNull();
    expect((await h.call("snapshots.get", asBob, { input: { id: before.id } })).status).toBe(404);
  });
});
