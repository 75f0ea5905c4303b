import { randomBytes } from "node:crypto";
import { createCredentialCipher } from "@clustercord/auth";
import { openTestDatabase } from "@clustercord/testenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createAuthAdapter,
  type Database,
  findActiveSession,
  listAudit,
  listRoleMappings,
  pendingMigrations,
  setRoleMapping,
  writeAudit,
} from "../src/index";

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Database;
const cipher = createCredentialCipher([{ id: "k1", key: randomBytes(32) }]);

beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.db;
});
afterAll(async () => {
  await testDb?.drop();
});

describe(`database (${process.env.DB_KIND ?? "pglite"})`, () => {
  it("applies every migration at open", async () => {
    expect(db.kind).toBe(testDb.kind === "postgres" ? "postgres" : "pglite");
    expect(await pendingMigrations(db.url)).toEqual([]);
  });

  it("keys users by their Discord id through the next-auth adapter", async () => {
    const adapter = createAuthAdapter(db.prisma, cipher);
    const user = await adapter.createUser?.({
      name: "Alice",
      email: "",
      emailVerified: null,
      discordId: "111",
    } as never);
    expect(user?.id).toBe("111");
    await adapter.linkAccount?.({
      userId: "111",
      type: "oauth",
      provider: "discord",
      providerAccountId: "111",
      access_token: "t",
    });
    expect((await adapter.getUserByAccount?.({ provider: "discord", providerAccountId: "111" }))?.id).toBe(
      "111",
    );
  });

  it("finds live sessions and ignores expired ones", async () => {
    const adapter = createAuthAdapter(db.prisma, cipher);
    await adapter.createSession?.({
      sessionToken: "live",
      userId: "111",
      expires: new Date(Date.now() + 60_000),
    });
    await adapter.createSession?.({
      sessionToken: "old",
      userId: "111",
      expires: new Date(Date.now() - 1_000),
    });
    expect(await findActiveSession(db.prisma, "live")).toMatchObject({ userId: "111", activeGuildId: null });
    expect(await findActiveSession(db.prisma, "old")).toBeNull();
    expect(await findActiveSession(db.prisma, "missing")).toBeNull();
  });

  it("stores role mappings per guild, replacing on conflict", async () => {
    const guild = { id: "500", name: "G" };
    await setRoleMapping(db.prisma, guild, { discordRoleId: "7", role: "viewer" });
    await setRoleMapping(db.prisma, guild, { discordRoleId: "7", role: "operator" });
    expect(await listRoleMappings(db.prisma, "500")).toEqual([{ discordRoleId: "7", role: "operator" }]);
    expect(await listRoleMappings(db.prisma, "501")).toEqual([]);
  });

  it("writes audit rows and pages them newest first, per guild", async () => {
    for (let i = 0; i < 5; i++) {
      await writeAudit(db.prisma, {
        actorId: "111",
        actorName: "alice",
        guildId: "900",
        action: `a${i}`,
        target: "t",
        via: i % 2 ? "discord" : "web",
        result: "ok",
      });
    }
    await writeAudit(db.prisma, {
      actorId: "2",
      actorName: "x",
      guildId: "901",
      action: "other",
      target: "",
      via: "web",
      result: "error",
    });
    const page1 = await listAudit(db.prisma, { guildId: "900", limit: 3 });
    expect(page1.items.map((i) => i.action)).toEqual(["a4", "a3", "a2"]);
    const page2 = await listAudit(db.prisma, {
      guildId: "900",
      limit: 3,
      cursor: page1.nextCursor ?? undefined,
    });
    expect(page2.items.map((i) => i.action)).toEqual(["a1", "a0"]);
    expect(page2.nextCursor).toBeNull();
    expect(page1.items[1]?.via).toBe("discord");
  });
});
