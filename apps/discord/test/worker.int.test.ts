import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApiHandler } from "@clustercord/api";
import { createCredentialCipher, createDiscordDirectory } from "@clustercord/auth";
import { type Database, writeAudit } from "@clustercord/db";
import { freePort, openTestDatabase, seedRoleMappings } from "@clustercord/testenv";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { SlashCommandBuilder } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlashCommand } from "../src/commands/types";
import { loadWorkerEnv } from "../src/env";
import { NOT_IN_GUILD, startWorker, type Worker } from "../src/worker";

const ALICE = "100000000000000001"; // owns Acme: admin
const BOB = "100000000000000002"; // operator in Acme
const CAROL = "100000000000000003"; // viewer in Acme
const ACME = "200000000000000001";
const SERVICE_TOKEN = "t".repeat(40);
const quiet = { info: () => {}, error: () => {} };

// The real API (packages/api over a real database, Discord read through the
// stand-in), the real discord.js worker, and the stand-in's gateway.
let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Database;
let standIn: DiscordStandIn;
let api: Server;
let apiUrl: string;
let worker: Worker;
const logged: string[] = [];

beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.db;
  standIn = await startDiscordStandIn();
  await seedRoleMappings(db.prisma, standIn.fixture.guilds);
  const directory = createDiscordDirectory({ apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token });
  const cipher = createCredentialCipher([{ id: "test", key: randomBytes(32) }]);
  api = createServer(
    createApiHandler({
      prisma: db.prisma,
      directory,
      serviceToken: SERVICE_TOKEN,
      cipher,
      confirmationKey: randomBytes(32),
    }),
  );
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  worker = await startWorker(workerEnv(standIn, apiUrl), {
    logger: { info: (m) => logged.push(m), error: (m) => logged.push(`error: ${m}`) },
  });
});

afterAll(async () => {
  await worker?.stop();
  await new Promise<void>((resolve) => (api ? api.close(() => resolve()) : resolve()));
  await standIn?.close();
  await testDb?.drop();
});

function workerEnv(s: DiscordStandIn, url: string, extra: Record<string, string> = {}) {
  return loadWorkerEnv({
    DISCORD_BOT_TOKEN: s.fixture.bot.token,
    DISCORD_APPLICATION_ID: s.fixture.application.id,
    DISCORD_API_BASE: s.apiBase,
    CLUSTERCORD_API_URL: url,
    WORKER_SERVICE_TOKEN: SERVICE_TOKEN,
    ...extra,
  });
}

describe("the Discord worker against the real API", () => {
  it("registers its commands globally before reporting ready", () => {
    const registered = standIn.registeredCommands();
    expect(registered.map((c) => c.name)).toEqual(["whoami", "audit", "clusters", "cluster-remove", "roles"]);
    expect(registered.every((c) => c.guild_id === undefined)).toBe(true);
    expect(registered[1]?.options).toMatchObject([{ name: "limit", type: 4, min_value: 1, max_value: 25 }]);
    expect(logged.some((m) => /^ready as clustercord .*5 command\(s\) registered globally/.test(m))).toBe(
      true,
    );
  });

  it("answers /whoami as the person who typed it, in that guild", async () => {
    const handle = await standIn.sendCommand({ userId: BOB, guildId: ACME, name: "whoami" });
    const reply = await handle.reply();
    expect(reply.callbackType).toBe(5); // deferred first
    expect(reply.flags).toBe(64);
    const embed = reply.embeds?.[0];
    expect(embed?.title).toBe("Who am I");
    expect(embed?.fields).toContainEqual({ name: "ClusterCord role", value: "operator", inline: true });
    expect(JSON.stringify(embed)).toContain("Bob Operator");
    expect(JSON.stringify(embed)).toContain("Acme Ops");
  });

  it("shows the API's refusal of /audit to a viewer as an ephemeral error", async () => {
    const reply = await (await standIn.sendCommand({ userId: CAROL, guildId: ACME, name: "audit" })).reply();
    expect(reply.flags).toBe(64);
    expect(reply.embeds?.[0]?.description).toBe("⚠️ This needs the admin role in Acme Ops; you are viewer.");
  });

  it("pages /audit for an admin with the Older button", async () => {
    for (const action of ["first", "second", "third"]) {
      await writeAudit(db.prisma, {
        actorId: ALICE,
        actorName: "alice",
        guildId: ACME,
        action,
        target: "t",
        via: "web",
        result: "ok",
      });
    }
    const handle = await standIn.sendCommand({
      userId: ALICE,
      guildId: ACME,
      name: "audit",
      options: [{ name: "limit", type: 4, value: 2 }],
    });
    const first = await handle.reply();
    expect(first.embeds?.[0]?.fields?.map((f) => f.name)).toEqual(["third", "second"]);
    const older = JSON.stringify(first.components).match(/"custom_id":"(audit-older:\d+:2)"/)?.[1];
    expect(older).toBeDefined();

    const click = await standIn.sendComponent({
      userId: ALICE,
      guildId: ACME,
      customId: older ?? "",
      messageId: first.id,
    });
    const second = await click.reply();
    expect(second.id).toBe(first.id);
    expect(second.embeds?.[0]?.fields?.map((f) => f.name)).toEqual(["first"]);
    expect(second.components).toEqual([]);
  });

  it("asks people to use commands in a server", async () => {
    const reply = await (await standIn.sendCommand({ userId: ALICE, guildId: null, name: "whoami" })).reply();
    expect(reply).toMatchObject({ callbackType: 4, flags: 64 });
    expect(reply.embeds?.[0]?.description).toBe(NOT_IN_GUILD);
  });

  it("shows and changes role mappings with /roles, through the same procedures as the web page", async () => {
    const list = await (await standIn.sendCommand({ userId: CAROL, guildId: ACME, name: "roles" })).reply();
    expect(list.embeds?.[0]?.description).toBe(
      "**Admins** → admin (Discord permissions)\n**Operators** → operator",
    );
    const refused = await (
      await standIn.sendCommand({
        userId: BOB,
        guildId: ACME,
        name: "roles",
        options: [
          { name: "role", type: 3, value: "Operators" },
          { name: "as", type: 3, value: "admin" },
        ],
      })
    ).reply();
    expect(refused.embeds?.[0]?.description).toMatch(/needs the admin role/);
    const setTo = async (value: string) =>
      (
        await standIn.sendCommand({
          userId: ALICE,
          guildId: ACME,
          name: "roles",
          options: [
            { name: "role", type: 3, value: "operators" },
            { name: "as", type: 3, value },
          ],
        })
      ).reply();
    expect((await setTo("viewer")).embeds?.[0]?.description).toContain("**Operators** → viewer");
    expect((await setTo("operator")).embeds?.[0]?.description).toContain("**Operators** → operator");
  });
});

describe("startWorker options and failures", () => {
  it("registers the commands in the dev guild only", async () => {
    const local = await startDiscordStandIn();
    const devWorker = await startWorker(workerEnv(local, apiUrl, { DISCORD_DEV_GUILD_ID: ACME }), {
      logger: quiet,
    });
    try {
      expect(local.registeredCommands().map((c) => [c.name, c.guild_id])).toEqual([
        ["whoami", ACME],
        ["audit", ACME],
        ["clusters", ACME],
        ["cluster-remove", ACME],
        ["roles", ACME],
      ]);
    } finally {
      await devWorker.stop();
      await local.close();
    }
  });

  it("says the API is unreachable when nothing answers", async () => {
    const local = await startDiscordStandIn();
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const lonely = await startWorker(workerEnv(local, nowhere), { logger: quiet });
    try {
      const reply = await (await local.sendCommand({ userId: ALICE, guildId: ACME, name: "whoami" })).reply();
      expect(reply.flags).toBe(64);
      expect(reply.embeds?.[0]?.description).toMatch(/not reachable/);
      expect(JSON.stringify(reply)).not.toMatch(/ECONNREFUSED|fetch failed/);
    } finally {
      await lonely.stop();
      await local.close();
    }
  });

  it("replaces a public deferral with an ephemeral follow-up when a command fails", async () => {
    const local = await startDiscordStandIn();
    const failing: SlashCommand = {
      definition: new SlashCommandBuilder().setName("status").setDescription("Public status").toJSON(),
      ephemeral: false,
      execute: async () => {
        throw new Error("internal detail that must not leak");
      },
    };
    const publicWorker = await startWorker(workerEnv(local, apiUrl), { commands: [failing], logger: quiet });
    try {
      const handle = await local.sendCommand({ userId: ALICE, guildId: ACME, name: "status" });
      const reply = await handle.reply();
      expect(reply.flags).toBe(64);
      expect(reply.embeds?.[0]?.description).toMatch(/Something went wrong/);
      expect(JSON.stringify(reply)).not.toContain("internal detail");
      expect(handle.followUps()).toHaveLength(1); // the public "thinking..." message was deleted
    } finally {
      await publicWorker.stop();
      await local.close();
    }
  });

  it("fails to start, and cleans up, with a wrong bot token", async () => {
    const env = loadWorkerEnv({
      DISCORD_BOT_TOKEN: "not-the-bot-token-0123456789",
      DISCORD_APPLICATION_ID: standIn.fixture.application.id,
      DISCORD_API_BASE: standIn.apiBase,
      WORKER_SERVICE_TOKEN: SERVICE_TOKEN,
    });
    await expect(startWorker(env, { logger: quiet })).rejects.toThrow(/token/i);
  });
});
