import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApiHandler, createClusterGuard, ResourceCaches } from "@clustercord/api";
import { createCredentialCipher, createDiscordDirectory } from "@clustercord/auth";
import type { NotificationPreferences } from "@clustercord/contracts";
import { createJobRunner, type JobRunner } from "@clustercord/jobs";
import { createNotifyService, type NotifyService } from "@clustercord/notify";
import { callTrpc, localClusterPolicy, openTestDatabase, workerHeaders } from "@clustercord/testenv";
import {
  type DiscordStandIn,
  type SendCommandOptions,
  startDiscordStandIn,
} from "@clustercord/testenv/discord";
import { type SmtpStandIn, startSmtpStandIn } from "@clustercord/testenv/smtp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "../src/worker";
import { ACME, ALICE, BOB, opt, SERVICE_TOKEN, workerEnv } from "./harness";

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let standIn: DiscordStandIn;
let smtp: SmtpStandIn;
let notify: NotifyService;
let runner: JobRunner;
let api: Server;
let apiUrl: string;
let worker: Awaited<ReturnType<typeof startWorker>>;

/** `/notifications <sub>` as `who` in Acme; what the person sees. */
const notifications = async (who: string, subcommand: string, options: SendCommandOptions["options"] = []) =>
  (
    await standIn.sendCommand({ userId: who, guildId: ACME, name: "notifications", subcommand, options })
  ).reply();
const asWeb = <T>(who: string, procedure: string) =>
  callTrpc<T>(apiUrl, procedure, { headers: workerHeaders(SERVICE_TOKEN, who, ACME) });

beforeAll(async () => {
  [testDb, standIn, smtp] = await Promise.all([
    openTestDatabase(),
    startDiscordStandIn(),
    startSmtpStandIn(),
  ]);
  const prisma = testDb.db.prisma;
  // The API with its notify service, as the web process runs them (regular mode).
  notify = createNotifyService({
    prisma,
    discord: { apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token },
    smtp: { url: smtp.url, from: "clustercord@example.test" },
    publicUrl: "https://cc.example.test",
  });
  runner = createJobRunner({ mode: "regular" });
  runner.register(notify.jobs.map((entry) => entry.job));
  notify.attachRunner(runner);
  await runner.start();
  api = createServer(
    createApiHandler({
      prisma,
      directory: createDiscordDirectory({ apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token }),
      serviceToken: SERVICE_TOKEN,
      cipher: createCredentialCipher([{ id: "test", key: randomBytes(32) }]),
      confirmationKey: randomBytes(32),
      caches: new ResourceCaches(),
      clusterGuard: createClusterGuard(localClusterPolicy),
      notifications: notify,
    }),
  );
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  worker = await startWorker(workerEnv(standIn, apiUrl), { logger: { info: () => {}, error: () => {} } });
});

afterAll(async () => {
  await worker?.stop();
  await runner?.stop({ graceMs: 1_000 });
  await notify?.close();
  await new Promise<void>((resolve) => api?.close(() => resolve()));
  await smtp?.close();
  await standIn?.close();
  await testDb?.drop();
});

describe("/notifications in Discord, on the procedures the web center uses", () => {
  it("lists a person's own notifications with the unread count, and marks them read", async () => {
    await notify.notify({
      to: { userId: ALICE },
      title: "Rollout web finished",
      body: "3/3 ready",
      severity: "info",
      idempotencyKey: "d:1",
    });
    await notify.notify({
      to: { userId: BOB },
      title: "For Bob only",
      body: "x",
      severity: "critical",
      idempotencyKey: "d:2",
    });
    const recent = await notifications(ALICE, "recent");
    expect(recent.flags).toBe(64); // only Alice sees it
    expect(recent.embeds?.[0]?.title).toBe("Notifications: 1 unread");
    expect(recent.embeds?.[0]?.fields?.map((f) => f.name)).toEqual(["ℹ️ Rollout web finished (unread)"]);

    const read = await notifications(ALICE, "read");
    expect(read.embeds?.[0]?.description).toBe("Marked 1 notification(s) read.");
    expect((await asWeb<{ unread: number }>(ALICE, "notifications.unreadCount")).data).toEqual({ unread: 0 });
    expect((await asWeb<{ unread: number }>(BOB, "notifications.unreadCount")).data).toEqual({ unread: 1 });
    const unread = await notifications(ALICE, "recent", [opt("unread", true)]);
    expect(unread.embeds?.[0]?.description).toBe("Nothing unread.");
  });

  it("shows and changes preferences, the same ones the settings page shows", async () => {
    const changed = await notifications(BOB, "preferences", [
      opt("dm", false),
      opt("quiet_from", "22:00"),
      opt("quiet_until", "07:00"),
      opt("timezone", "Europe/Berlin"),
    ]);
    expect(changed.embeds?.[0]?.fields).toEqual([
      { name: "Discord DMs", value: "off", inline: true },
      { name: "Email", value: "no address (set one with /notifications email)", inline: true },
      { name: "Quiet hours", value: "22:00–07:00 (Europe/Berlin); critical ones still come" },
    ]);
    const web = await asWeb<NotificationPreferences>(BOB, "notifications.preferences");
    expect(web.data).toMatchObject({
      discordDm: false,
      quietHours: { start: "22:00", end: "07:00" },
      timeZone: "Europe/Berlin",
    });

    const half = await notifications(BOB, "preferences", [opt("quiet_from", "22:00")]);
    expect(half.embeds?.[0]?.description).toContain("Give both quiet\\_from and quiet\\_until (HH:MM).");
    const badZone = await notifications(BOB, "preferences", [opt("timezone", "Moon/Base")]);
    expect(badZone.embeds?.[0]?.description).toMatch(/must be an IANA time zone/);
    const off = await notifications(BOB, "preferences", [opt("quiet_off", true), opt("dm", true)]);
    expect(off.embeds?.[0]?.fields?.[2]?.value).toBe("off (time zone Europe/Berlin)");
  });

  it("sets an email address by mailing a confirmation link, and refuses a bad one by name", async () => {
    const set = await notifications(BOB, "email", [opt("address", "bob@example.test")]);
    expect(set.embeds?.[0]?.description).toContain("A confirmation link is on its way");
    expect(set.embeds?.[1]?.fields?.[1]?.value).toBe("off · bob@example.test (waiting for confirmation)");
    const mail = await smtp.waitForMail((m) => m.to.includes("bob@example.test"));
    expect(mail.text).toContain("https://cc.example.test/notifications/confirm#token=");
    const bad = await notifications(BOB, "email", [opt("address", "not-an-address")]);
    expect(bad.embeds?.[0]?.description).toMatch(/email: must be an email address/);
    const removed = await notifications(BOB, "email", [opt("address", "none")]);
    expect(removed.embeds?.[0]?.description).toContain("removed");
  });

  it("sends a test notification through the same delivery as any other", async () => {
    const before = standIn.dms(ALICE).length;
    const reply = await notifications(ALICE, "test");
    expect(reply.embeds?.[0]?.description).toBe("Test notification sent (web, discord_dm).");
    const deadline = Date.now() + 10_000;
    while (standIn.dms(ALICE).length === before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(standIn.dms(ALICE).at(-1)?.embeds?.[0]?.title).toBe("Test notification");
  });
});
