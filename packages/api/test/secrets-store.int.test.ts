/**
 * The vault's rows on the test database (PGlite by default, PostgreSQL with
 * DB_KIND=postgres): the history trimmed to the newest N versions in the same
 * transaction as the new one, a stale writer refused with nothing written,
 * one name per guild, one placement per place, and deleting cascades.
 */
import {
  addVaultVersion,
  deleteVaultSecret,
  findVaultSecret,
  insertVaultSecret,
  isDuplicateVaultName,
  listVaultVersions,
  upsertVaultPlacement,
} from "@clustercord/db";
import { openTestDatabase } from "@clustercord/testenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const GUILD = "200000000000000001";
const OTHER_GUILD = "200000000000000002";
let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
const prisma = () => testDb.db.prisma;
const version = (n: number) => ({
  sealed: `e1.k1.sealed-v${n}`,
  keys: ["A"],
  reason: "rotated" as const,
  createdById: "1",
});
const home = { clusterId: "c1", namespace: "shop", type: "Opaque" };

beforeAll(async () => {
  testDb = await openTestDatabase();
}, 120_000);

afterAll(async () => {
  await testDb?.drop();
});

describe("vault rows", () => {
  it("keeps the newest N versions and refuses a writer that missed a version", async () => {
    const secret = await insertVaultSecret(
      prisma(),
      { guildId: GUILD, name: "db-creds", ...home },
      { ...version(1), reason: "created" },
    );
    expect(secret.current.version).toBe(1);
    for (let n = 1; n < 5; n++) {
      expect(
        await addVaultVersion(prisma(), { secretId: secret.id, expected: n, keep: 3 }, version(n + 1)),
      ).toBe(n + 1);
    }
    expect((await listVaultVersions(prisma(), secret.id)).map((v) => v.version)).toEqual([5, 4, 3]);
    // Another rotation won meanwhile: nothing written, the caller is told.
    expect(
      await addVaultVersion(prisma(), { secretId: secret.id, expected: 4, keep: 3 }, version(99)),
    ).toBeNull();
    const after = await findVaultSecret(prisma(), GUILD, "db-creds");
    expect(after?.currentVersion).toBe(5);
    expect(after?.current.sealed).toBe("e1.k1.sealed-v5");
    expect(after?.versionsKept).toBe(3);
  });

  it("names a secret once per guild; another guild may use the same name", async () => {
    const again = insertVaultSecret(prisma(), { guildId: GUILD, name: "db-creds", ...home }, version(1));
    await expect(again).rejects.toSatisfy(isDuplicateVaultName);
    const other = await insertVaultSecret(
      prisma(),
      { guildId: OTHER_GUILD, name: "db-creds", ...home },
      version(1),
    );
    expect(other.guildId).toBe(OTHER_GUILD);
    expect((await findVaultSecret(prisma(), OTHER_GUILD, "db-creds"))?.current.sealed).toBe(
      "e1.k1.sealed-v1",
    );
  });

  it("records one placement per place and removes everything with the secret", async () => {
    const secret = await findVaultSecret(prisma(), GUILD, "db-creds");
    if (!secret) throw new Error("no secret");
    const place = { secretId: secret.id, clusterId: "c1", namespace: "shop", appliedById: "1" };
    await upsertVaultPlacement(prisma(), { ...place, version: 4, appliedAt: new Date() });
    await upsertVaultPlacement(prisma(), { ...place, version: 5, appliedAt: new Date() });
    expect((await findVaultSecret(prisma(), GUILD, "db-creds"))?.placements.map((p) => p.version)).toEqual([
      5,
    ]);
    expect(await deleteVaultSecret(prisma(), secret.id)).toBe(true);
    expect(await deleteVaultSecret(prisma(), secret.id)).toBe(false);
    expect(await prisma().vaultSecretVersion.count({ where: { secretId: secret.id } })).toBe(0);
    expect(await prisma().vaultSecretPlacement.count({ where: { secretId: secret.id } })).toBe(0);
  });
});
