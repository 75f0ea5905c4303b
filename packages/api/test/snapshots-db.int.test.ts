/**
 * The snapshot index on a real database (PGlite, or PostgreSQL with DB_KIND):
 * guild-bound reads, a schedule run claimed once across callers, retention
 * that never removes a running take, `keys:rotate` re-wrapping an archive's
 * keys so it (and its Secrets) still open once the old master key is gone,
 * and the signed download link refusing a changed or expired token.
 */
import { randomBytes } from "node:crypto";
import { createEnvelopeCipher } from "@clustercord/auth";
import {
  claimSnapshotScheduleRun,
  failSnapshot,
  findSnapshot,
  finishSnapshot,
  insertSnapshot,
  insertSnapshotSchedule,
  listDueSnapshotSchedules,
  snapshotsBeyondKeep,
} from "@clustercord/db";
import { openTestDatabase } from "@clustercord/testenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rotateSnapshotKeys } from "../src/index";
import { DOWNLOAD_LINK_TTL_MS, signDownloadLink, verifyDownloadLink } from "../src/services/snapshot-link";
import {
  newSecretsKey,
  secretSealer,
  snapshotAad,
  snapshotSecretSealer,
} from "../src/services/snapshot-secrets";

const ACME = "200000000000000001";
const BETA = "200000000000000002";
const ALICE = "100000000000000001";

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let clusterId: string;

const newSnapshot = (scheduleId: string | null = null) =>
  insertSnapshot(testDb.db.prisma, {
    guildId: ACME,
    clusterId,
    description: "",
    scope: "namespaces",
    namespaces: ["shop"],
    createdById: ALICE,
    createdVia: "web",
    scheduleId,
  });

beforeAll(async () => {
  testDb = await openTestDatabase();
  const cluster = await testDb.db.prisma.cluster.create({
    data: {
      guildId: ACME,
      name: "local",
      server: "https://127.0.0.1:6443",
      credential: "sealed",
      keyId: "k1",
      createdBy: ALICE,
    },
  });
  clusterId = cluster.id;
}, 120_000);

afterAll(async () => {
  await testDb?.drop();
});

describe("snapshot rows", () => {
  it("are read with their guild only, and start running with a blob key of their own", async () => {
    const row = await newSnapshot();
    expect(row).toMatchObject({ status: "running", clusterName: "local", namespaces: ["shop"] });
    expect(row.blobKey).toBe(`snapshots/${ACME}/${row.id}.tar.gz.sealed`);
    expect(await findSnapshot(testDb.db.prisma, BETA, row.id)).toBeNull();
    await failSnapshot(testDb.db.prisma, row.id, "The snapshot failed: no");
    expect(await findSnapshot(testDb.db.prisma, ACME, row.id)).toMatchObject({
      status: "failed",
      error: "The snapshot failed: no",
    });
  });

  it("claim a schedule's run once when two processes sweep at the same moment", async () => {
    const prisma = testDb.db.prisma;
    const due = new Date(Date.now() - 1000);
    const schedule = await insertSnapshotSchedule(prisma, {
      guildId: ACME,
      clusterId,
      every: "daily",
      keep: 2,
      scope: "namespaces",
      namespaces: [],
      description: "",
      createdById: ALICE,
      nextRunAt: due,
    });
    expect((await listDueSnapshotSchedules(prisma, new Date())).map((s) => s.id)).toContain(schedule.id);
    const next = new Date(due.getTime() + 86_400_000);
    const claims = await Promise.all([
      claimSnapshotScheduleRun(prisma, schedule.id, due, next, new Date()),
      claimSnapshotScheduleRun(prisma, schedule.id, due, next, new Date()),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await listDueSnapshotSchedules(prisma, new Date())).map((s) => s.id)).not.toContain(schedule.id);

    // Retention: beyond the newest 2 (the running one counts), never a running one.
    const made = [];
    for (let i = 0; i < 4; i++) made.push(await newSnapshot(schedule.id));
    for (const row of made.slice(0, 3)) await failSnapshot(prisma, row.id, "x");
    const beyond = await snapshotsBeyondKeep(prisma, schedule.id, 2);
    expect(beyond.map((r) => r.id).sort()).toEqual([made[0]?.id, made[1]?.id].sort());
  });
});

describe("keys:rotate for snapshots", () => {
  it("re-wraps the archive's and its Secrets' keys: everything opens with the new key alone", async () => {
    const prisma = testDb.db.prisma;
    const k1 = { id: "k1", key: randomBytes(32) };
    const k2 = { id: "k2", key: randomBytes(32) };
    const old = createEnvelopeCipher([k1]);
    const row = await newSnapshot();
    const { header, stream } = old.sealStream(snapshotAad(row));
    const archive = Buffer.from("a .tar.gz stand-in");
    const body = Buffer.concat(await stream.end(archive).toArray());
    const secrets = newSecretsKey(old, row);
    const sealedSecret = secretSealer(secrets.key, row).seal({
      namespace: "shop",
      name: "db",
      data: { A: "Yg==" },
    });
    await finishSnapshot(prisma, row.id, {
      sealedHeader: header,
      secretsKey: secrets.sealedKey,
      keyId: "k1",
      bytes: body.length,
      objectCount: 1,
      kubernetesVersion: "1.37.2",
      contents: {},
      progress: { objects: 1, kindsDone: 1, kinds: 1 },
    });

    expect(await rotateSnapshotKeys(prisma, createEnvelopeCipher([k2, k1]))).toBe(1);
    // Again: nothing left to do.
    expect(await rotateSnapshotKeys(prisma, createEnvelopeCipher([k2, k1]))).toBe(0);
    const rotated = await findSnapshot(prisma, ACME, row.id);
    expect(rotated?.keyId).toBe("k2");
    expect(rotated?.sealedHeader).not.toBe(header);
    const onlyNew = createEnvelopeCipher([k2]);
    expect(onlyNew.openBuffer(rotated?.sealedHeader ?? "", body, snapshotAad(row))).toEqual(archive);
    const values = snapshotSecretSealer(onlyNew, {
      ...row,
      secretsKey: rotated?.secretsKey ?? null,
    }).open({ namespace: "shop", name: "db", sealed: sealedSecret });
    expect(values).toEqual({ A: "Yg==" });
    // A Secret's sealed values moved to another Secret do not open.
    expect(() =>
      snapshotSecretSealer(onlyNew, { ...row, secretsKey: rotated?.secretsKey ?? null }).open({
        namespace: "shop",
        name: "other",
        sealed: sealedSecret,
      }),
    ).toThrow(/Secret shop\/other in snapshot .* failed their integrity check/);
  });
});

describe("download links", () => {
  it("carry the snapshot, guild, person and client, and refuse a changed or expired token", () => {
    const key = randomBytes(32);
    const grant = { snapshotId: "cabc123", guildId: ACME, userId: ALICE, via: "discord" as const };
    const { token } = signDownloadLink(key, grant, 1_000);
    expect(verifyDownloadLink(key, token, 2_000)).toEqual(grant);
    const changed = token.replace(ACME, BETA);
    expect(() => verifyDownloadLink(key, changed, 2_000)).toThrow(
      "That download link is not valid; ask for a new one.",
    );
    expect(() => verifyDownloadLink(key, token.replace(".discord.", ".web."), 2_000)).toThrow("not valid");
    expect(() => verifyDownloadLink(randomBytes(32), token, 2_000)).toThrow("not valid");
    expect(() => verifyDownloadLink(key, token, 1_001 + DOWNLOAD_LINK_TTL_MS)).toThrow(
      "That download link expired (links last 5 minutes); ask for a new one.",
    );
  });
});
