import { randomBytes, randomUUID } from "node:crypto";
import { createCredentialCipher, parseKeyring } from "@clustercord/auth";
import {
  type Database,
  findGuildCluster,
  insertCluster,
  listGuildClusters,
  resealClusterCredentials,
} from "@clustercord/db";
import { openTestDatabase } from "@clustercord/testenv";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ACME = "200000000000000001";
const BETA = "200000000000000002";
const TOKEN = `tok-${randomBytes(16).toString("hex")}`;
const key1 = registerSecret(randomBytes(32).toString("base64"), "encryption key 1");
const key2 = registerSecret(randomBytes(32).toString("base64"), "encryption key 2");

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Database;

beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.db;
});
afterAll(async () => {
  await testDb?.drop();
});

/** Every row of every table, as text: what a database dump would hold. */
async function dumpAllRows(): Promise<string> {
  const tables = await db.prisma.$queryRaw<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = 'public'`;
  let dump = "";
  for (const { table_name } of tables) {
    const rows = await db.prisma.$queryRawUnsafe<{ row: string }[]>(
      `select row_to_json(t)::text as row from "${table_name.replaceAll('"', "")}" t`,
    );
    dump += rows.map((r) => r.row).join("\n");
  }
  return dump;
}

async function addCluster(cipher: ReturnType<typeof createCredentialCipher>, name: string) {
  const id = randomUUID();
  const credential = cipher.seal(JSON.stringify({ kind: "token", token: TOKEN }), {
    guildId: ACME,
    clusterId: id,
  });
  return insertCluster(db.prisma, {
    id,
    guildId: ACME,
    name,
    server: "https://127.0.0.1:6443",
    shared: true,
    insecure: false,
    credential,
    keyId: cipher.activeKeyId,
    createdBy: "100000000000000001",
  });
}

describe(`sealed cluster credentials (${process.env.DB_KIND ?? "pglite"})`, () => {
  it("stores no plaintext credential anywhere in the database", async () => {
    const cipher = createCredentialCipher(parseKeyring(`k1:${key1}`));
    await addCluster(cipher, "prod");
    const dump = await dumpAllRows();
    expect(dump).toContain("prod");
    expect(dump).not.toContain(TOKEN);
  });

  it("refuses a second cluster with the same name in a guild", async () => {
    const cipher = createCredentialCipher(parseKeyring(`k1:${key1}`));
    await expect(addCluster(cipher, "prod")).rejects.toThrow(/already exists/);
  });

  it("shows a guild only its own clusters, never the credential", async () => {
    const acme = await listGuildClusters(db.prisma, ACME);
    expect(acme.map((c) => c.name)).toEqual(["prod"]);
    expect(JSON.stringify(acme)).not.toContain("credential");
    expect(await listGuildClusters(db.prisma, BETA)).toEqual([]);
    expect(await findGuildCluster(db.prisma, BETA, acme[0]?.id ?? "")).toBeNull();
  });

  it("rotates from key 1 to key 2: everything still opens, nothing is left under key 1", async () => {
    const rotated = createCredentialCipher(parseKeyring(`k2:${key2},k1:${key1}`));
    await addCluster(createCredentialCipher(parseKeyring(`k1:${key1}`)), "staging");
    const count = await resealClusterCredentials(db.prisma, rotated.activeKeyId, (row) =>
      rotated.seal(rotated.open(row.credential, { guildId: row.guildId, clusterId: row.id }), {
        guildId: row.guildId,
        clusterId: row.id,
      }),
    );
    expect(count).toBe(2);
    const onlyKey2 = createCredentialCipher(parseKeyring(`k2:${key2}`));
    for (const c of await listGuildClusters(db.prisma, ACME)) {
      const sealed = await findGuildCluster(db.prisma, ACME, c.id);
      expect(sealed?.keyId).toBe("k2");
      expect(
        JSON.parse(onlyKey2.open(sealed?.credential ?? "", { guildId: ACME, clusterId: c.id })).token,
      ).toBe(TOKEN);
      // A record moved to another guild does not open.
      expect(() => onlyKey2.open(sealed?.credential ?? "", { guildId: BETA, clusterId: c.id })).toThrow(
        /failed authentication/,
      );
    }
    expect(await resealClusterCredentials(db.prisma, "k2", () => "unused")).toBe(0);
  });
});
