import { randomBytes } from "node:crypto";
import { createCredentialCipher } from "@clustercord/auth";
import { openTestDatabase } from "@clustercord/testenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createAuthAdapter,
  type Database,
  findDiscordAccessToken,
  resealAccountTokens,
  sealPlaintextAccountTokens,
  updateAccountTokens,
} from "../src/index";

const ALICE = "100000000000000001";
const BOB = "100000000000000002";
const CAROL = "100000000000000003";
const token = (name: string) => `${name}-${randomBytes(16).toString("hex")}`;
const key1 = { id: "k1", key: randomBytes(32) };
const key2 = { id: "k2", key: randomBytes(32) };
const cipher = createCredentialCipher([key1]);

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Database;

beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.db;
});
afterAll(async () => {
  await testDb?.drop();
});

async function addUser(id: string, tokens: { access: string; refresh: string }) {
  const adapter = createAuthAdapter(db.prisma, cipher);
  await adapter.createUser?.({ name: id, email: "", emailVerified: null, discordId: id } as never);
  await adapter.linkAccount?.({
    userId: id,
    type: "oauth",
    provider: "discord",
    providerAccountId: id,
    access_token: tokens.access,
    refresh_token: tokens.refresh,
  });
}

const storedAccount = (userId: string) =>
  db.prisma.account.findFirstOrThrow({
    where: { userId },
    select: { access_token: true, refresh_token: true, id_token: true },
  });

describe(`sealed OAuth tokens (${process.env.DB_KIND ?? "pglite"})`, () => {
  const alice = { access: token("alice-access"), refresh: token("alice-refresh") };

  it("stores the tokens sealed at sign-in and opens the access token for the API", async () => {
    await addUser(ALICE, alice);
    const stored = await storedAccount(ALICE);
    expect(stored.access_token).toMatch(/^v1\.k1\./);
    expect(stored.refresh_token).toMatch(/^v1\.k1\./);
    expect(stored.id_token).toBeNull();
    expect(JSON.stringify(stored)).not.toContain(alice.access);
    expect(JSON.stringify(stored)).not.toContain(alice.refresh);
    expect(await findDiscordAccessToken(db.prisma, ALICE, cipher)).toBe(alice.access);
  });

  it("seals the fresh tokens of a later sign-in too", async () => {
    const fresh = { access: token("alice-access2"), refresh: token("alice-refresh2") };
    await updateAccountTokens(db.prisma, cipher, {
      provider: "discord",
      providerAccountId: ALICE,
      access_token: fresh.access,
      refresh_token: fresh.refresh,
    });
    const stored = await storedAccount(ALICE);
    expect(JSON.stringify(stored)).not.toContain(fresh.access);
    expect(await findDiscordAccessToken(db.prisma, ALICE, cipher)).toBe(fresh.access);
    alice.access = fresh.access;
    alice.refresh = fresh.refresh;
  });

  it("refuses a sealed token copied to another person's row, or into another column", async () => {
    await addUser(BOB, { access: token("bob-access"), refresh: token("bob-refresh") });
    const aliceRow = await storedAccount(ALICE);
    // Someone with write access to the table plants Alice's token on Bob's account.
    await db.prisma.account.updateMany({
      where: { userId: BOB },
      data: { access_token: aliceRow.access_token },
    });
    await expect(findDiscordAccessToken(db.prisma, BOB, cipher)).rejects.toThrow(/failed authentication/);
    // Alice's refresh token standing in for her access token.
    await db.prisma.account.updateMany({
      where: { userId: ALICE },
      data: { access_token: aliceRow.refresh_token },
    });
    await expect(findDiscordAccessToken(db.prisma, ALICE, cipher)).rejects.toThrow(/failed authentication/);
    await db.prisma.account.updateMany({ where: { userId: ALICE }, data: aliceRow });
    await db.prisma.account.deleteMany({ where: { userId: BOB } });
  });

  it("never uses a plaintext token, and seals rows stored before sealing at start", async () => {
    const legacy = { access: token("carol-access"), refresh: token("carol-refresh") };
    await db.prisma.user.create({ data: { id: CAROL, name: "carol" } });
    await db.prisma.account.create({
      data: {
        userId: CAROL,
        type: "oauth",
        provider: "discord",
        providerAccountId: CAROL,
        access_token: legacy.access,
        refresh_token: legacy.refresh,
      },
    });
    expect(await findDiscordAccessToken(db.prisma, CAROL, cipher)).toBeNull();

    const aliceBefore = await storedAccount(ALICE);
    expect(await sealPlaintextAccountTokens(db.prisma, cipher)).toBe(1);
    const carol = await storedAccount(CAROL);
    expect(JSON.stringify(carol)).not.toContain(legacy.access);
    expect(JSON.stringify(carol)).not.toContain(legacy.refresh);
    expect(await findDiscordAccessToken(db.prisma, CAROL, cipher)).toBe(legacy.access);
    // Already-sealed rows are left as they are, and a second run finds nothing.
    expect(await storedAccount(ALICE)).toEqual(aliceBefore);
    expect(await sealPlaintextAccountTokens(db.prisma, cipher)).toBe(0);
  });

  it("rotates every token to the new key: afterwards the new key alone opens them", async () => {
    const rotating = createCredentialCipher([key2, key1]);
    expect(await resealAccountTokens(db.prisma, rotating)).toBe(2);
    const onlyKey2 = createCredentialCipher([key2]);
    for (const userId of [ALICE, CAROL]) {
      const stored = await storedAccount(userId);
      expect(stored.access_token).toMatch(/^v1\.k2\./);
      expect(stored.refresh_token).toMatch(/^v1\.k2\./);
    }
    expect(await findDiscordAccessToken(db.prisma, ALICE, onlyKey2)).toBe(alice.access);
    const refresh = (await storedAccount(ALICE)).refresh_token ?? "";
    expect(
      onlyKey2.openAccountToken(refresh, {
        userId: ALICE,
        provider: "discord",
        providerAccountId: ALICE,
        field: "refresh_token",
      }),
    ).toBe(alice.refresh);
    // The retired key opens nothing any more; nothing is left to rotate.
    await expect(findDiscordAccessToken(db.prisma, ALICE, cipher)).rejects.toThrow(
      /key k2, which is not configured/,
    );
    expect(await resealAccountTokens(db.prisma, rotating)).toBe(0);
  });
});
