import { randomBytes } from "node:crypto";
import path from "node:path";
import { createCredentialCipher } from "@clustercord/auth";
import { findDiscordAccessToken, openDatabase } from "@clustercord/db";
import {
  callTrpc,
  createTestDatabase,
  freePort,
  seedRoleMappings,
  signInThroughOAuth,
  type TestDatabase,
} from "@clustercord/testenv";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rotateKeys } from "../src/server/rotate-keys";
import { startWebServer, type WebServer } from "../src/server/start";
import { testWebEnv } from "./web-env";

const ALICE = "100000000000000001";
const BOB = "100000000000000002";
const key1 = registerSecret(randomBytes(32).toString("base64"), "encryption key 1");
const key2 = registerSecret(randomBytes(32).toString("base64"), "encryption key 2");
// Bob signed in before tokens were sealed: his row holds them in plaintext.
const legacy = {
  access: `legacy-access-${randomBytes(16).toString("hex")}`,
  refresh: `legacy-refresh-${randomBytes(16).toString("hex")}`,
};

let db: TestDatabase;
let discord: DiscordStandIn;
let web: WebServer;

beforeAll(async () => {
  db = await createTestDatabase();
  discord = await startDiscordStandIn();
  // The same database the server opens (start.ts keeps PGlite in DATA_DIR/pglite).
  const seeded = await openDatabase({ url: db.url, dataDir: db.dataDir && path.join(db.dataDir, "pglite") });
  try {
    await seedRoleMappings(seeded.prisma, discord.fixture.guilds);
    await seeded.prisma.user.create({ data: { id: BOB, name: "bob" } });
    await seeded.prisma.account.create({
      data: {
        userId: BOB,
        type: "oauth",
        provider: "discord",
        providerAccountId: BOB,
        access_token: legacy.access,
        refresh_token: legacy.refresh,
      },
    });
  } finally {
    await seeded.close();
  }
  const port = await freePort();
  const env = testWebEnv({
    port,
    db,
    discord,
    serviceToken: randomBytes(32).toString("hex"),
    extra: { CLUSTERCORD_ENCRYPTION_KEYS: `k1:${key1}` },
  });
  web = await startWebServer(env, { pages: false });
});

afterAll(async () => {
  await web?.stop();
  await discord?.close();
  await db?.drop();
});

/** Every row of every table, as text: what a database dump would hold. */
async function dumpAllRows(): Promise<string> {
  const tables = await web.prisma.$queryRaw<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = 'public'`;
  let dump = "";
  for (const { table_name } of tables) {
    const rows = await web.prisma.$queryRawUnsafe<{ row: string }[]>(
      `select row_to_json(t)::text as row from "${table_name.replaceAll('"', "")}" t`,
    );
    dump += rows.map((r) => r.row).join("\n");
  }
  return dump;
}

const aliceAccount = () =>
  web.prisma.account.findFirstOrThrow({
    where: { userId: ALICE, provider: "discord" },
    select: { access_token: true, refresh_token: true },
  });

const owner = (userId: string) => ({ userId, provider: "discord", providerAccountId: userId });

/** Whether Discord (the stand-in) accepts `token` as this user's access token. */
async function discordAccepts(token: string, userId: string): Promise<boolean> {
  const res = await fetch(`${discord.apiBase}/users/@me`, { headers: { authorization: `Bearer ${token}` } });
  return res.ok && ((await res.json()) as { id: string }).id === userId;
}

describe(`Discord OAuth tokens at rest (${process.env.DB_KIND ?? "pglite"})`, () => {
  it("sealed Bob's plaintext tokens from before sealing when the server started", async () => {
    const dump = await dumpAllRows();
    expect(dump).toContain(BOB);
    expect(dump).not.toContain(legacy.access);
    expect(dump).not.toContain(legacy.refresh);
    const cipher = createCredentialCipher([{ id: "k1", key: Buffer.from(key1, "base64") }]);
    expect(await findDiscordAccessToken(web.prisma, BOB, cipher)).toBe(legacy.access);
  });

  it("stores no plaintext token after a sign-in through the OAuth flow, and the API still uses it", async () => {
    const cookie = await signInThroughOAuth(web.url, "alice");
    const stored = await aliceAccount();
    expect(stored.access_token).toMatch(/^v1\.k1\./);
    expect(stored.refresh_token).toMatch(/^v1\.k1\./);

    // What Discord issued, recovered with the key: the dump holds neither token.
    const cipher = createCredentialCipher([{ id: "k1", key: Buffer.from(key1, "base64") }]);
    const access = cipher.openAccountToken(stored.access_token ?? "", {
      ...owner(ALICE),
      field: "access_token",
    });
    const refresh = cipher.openAccountToken(stored.refresh_token ?? "", {
      ...owner(ALICE),
      field: "refresh_token",
    });
    expect(await discordAccepts(access, ALICE)).toBe(true);
    const dump = await dumpAllRows();
    expect(dump).not.toContain(access);
    expect(dump).not.toContain(refresh);

    // guilds.list opens the sealed token to narrow Alice's guilds.
    const guilds = await callTrpc<{ guilds: { name: string }[] }>(web.url, "guilds.list", {
      headers: { cookie },
    });
    expect(guilds.status).toBe(200);
    expect(guilds.data?.guilds.map((g) => g.name)).toEqual(["Acme Ops", "Beta Team"]);
  });

  it("keys:rotate re-seals the tokens: the new key alone opens them", async () => {
    const before = await aliceAccount();
    const oldKeyOnly = createCredentialCipher([{ id: "k1", key: Buffer.from(key1, "base64") }]);
    const access = oldKeyOnly.openAccountToken(before.access_token ?? "", {
      ...owner(ALICE),
      field: "access_token",
    });

    const rotating = createCredentialCipher([
      { id: "k2", key: Buffer.from(key2, "base64") },
      { id: "k1", key: Buffer.from(key1, "base64") },
    ]);
    expect(await rotateKeys(web.prisma, rotating)).toEqual({
      clusterCredentials: 0,
      accountTokens: 2,
      repositoryCredentials: 0,
      vaultVersions: 0,
    });

    const newKeyOnly = createCredentialCipher([{ id: "k2", key: Buffer.from(key2, "base64") }]);
    expect(await findDiscordAccessToken(web.prisma, ALICE, newKeyOnly)).toBe(access);
    expect(await findDiscordAccessToken(web.prisma, BOB, newKeyOnly)).toBe(legacy.access);
    await expect(findDiscordAccessToken(web.prisma, ALICE, oldKeyOnly)).rejects.toThrow(
      /sealed with key k2, which is not configured/,
    );
    expect(await dumpAllRows()).not.toContain(access);
    expect(await rotateKeys(web.prisma, rotating)).toEqual({
      clusterCredentials: 0,
      accountTokens: 0,
      repositoryCredentials: 0,
      vaultVersions: 0,
    });
  });
});
