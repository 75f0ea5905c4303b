import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createCredentialCipher, createDiscordDirectory } from "@clustercord/auth";
import type { NotificationPreferences, NotificationsListOutput } from "@clustercord/contracts";
import { createNotification, type Database } from "@clustercord/db";
import { createJobRunner, type JobRunner } from "@clustercord/jobs";
import { createNotifyService, type NotifyService } from "@clustercord/notify";
import { callTrpc, localClusterPolicy, openTestDatabase, workerHeaders } from "@clustercord/testenv";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { type SmtpStandIn, startSmtpStandIn } from "@clustercord/testenv/smtp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiDeps, createApiHandler, createClusterGuard, ResourceCaches } from "../src/index";

const ALICE = "100000000000000001";
const BOB = "100000000000000002";
const CAROL = "100000000000000003";
const ACME = "200000000000000001";
const TOKEN = registerSecret(randomBytes(32).toString("hex"), "worker service token");

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Database;
let standIn: DiscordStandIn;
let smtp: SmtpStandIn;
const servers: Server[] = [];
let apiUrl: string;
let withoutMailUrl: string;
let service: NotifyService;
let runner: JobRunner;

async function serve(deps: ApiDeps): Promise<string> {
  const server = createServer(createApiHandler(deps));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const as = (userId: string) => workerHeaders(TOKEN, userId, ACME);
const call = <T>(url: string, procedure: string, userId: string, input?: unknown, mutation = false) =>
  callTrpc<T>(url, procedure, { headers: as(userId), input, mutation });

/** A notification for `userId`, as notify() stores it. */
const sent = (userId: string, key: string, title = key) =>
  createNotification(db.prisma, {
    recipient: `user:${userId}`,
    idempotencyKey: key,
    userId,
    guildId: null,
    channelId: null,
    title,
    body: "body",
    severity: "info",
    link: null,
    deliveries: [{ channel: "web", status: "sent", notBefore: new Date(), sentAt: new Date() }],
  });

beforeAll(async () => {
  [testDb, standIn, smtp] = await Promise.all([
    openTestDatabase(),
    startDiscordStandIn(),
    startSmtpStandIn(),
  ]);
  db = testDb.db;
  const deps: ApiDeps = {
    prisma: db.prisma,
    directory: createDiscordDirectory({ apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token }),
    serviceToken: TOKEN,
    cipher: createCredentialCipher([{ id: "k1", key: randomBytes(32) }]),
    confirmationKey: randomBytes(32),
    caches: new ResourceCaches(),
    // No cluster is touched here; the guard still follows the tests' policy (loopback only).
    clusterGuard: createClusterGuard(localClusterPolicy),
  };
  // The notify service as the web process runs it (regular mode: deliveries in this process).
  service = createNotifyService({
    prisma: db.prisma,
    discord: { apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token },
    smtp: { url: smtp.url, from: "ClusterCord <clustercord@example.test>" },
    publicUrl: "https://cc.example.test",
  });
  runner = createJobRunner({ mode: "regular" });
  runner.register(service.jobs.map((entry) => entry.job));
  service.attachRunner(runner);
  await runner.start();
  apiUrl = await serve({ ...deps, notifications: service });
  withoutMailUrl = await serve(deps);
});

afterAll(async () => {
  await runner?.stop({ graceMs: 1_000 });
  await service?.close();
  for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
  await smtp?.close();
  await standIn?.close();
  await testDb?.drop();
});

describe("notification center procedures", () => {
  it("shows a person only their own notifications, and lets only them mark those read", async () => {
    const alices = await sent(ALICE, "a1", "For Alice");
    await sent(BOB, "b1", "For Bob");
    const heard: string[] = [];
    const unsubscribe = service.feed.subscribe(ALICE, () => heard.push("alice"));

    const alice = await call<NotificationsListOutput>(apiUrl, "notifications.list", ALICE, {});
    expect(alice.status).toBe(200);
    expect(alice.data.items.map((n) => n.title)).toEqual(["For Alice"]);
    expect(alice.data.unread).toBe(1);
    const bob = await call<NotificationsListOutput>(apiUrl, "notifications.list", BOB);
    expect(bob.data.items.map((n) => n.title)).toEqual(["For Bob"]);

    // Bob names Alice's notification: nothing happens to it.
    const refused = await call<{ marked: number }>(
      apiUrl,
      "notifications.markRead",
      BOB,
      { ids: [alices.notification.id] },
      true,
    );
    expect(refused.data).toEqual({ marked: 0, unread: 1 });
    expect((await call<{ unread: number }>(apiUrl, "notifications.unreadCount", ALICE)).data).toEqual({
      unread: 1,
    });
    expect(heard).toEqual([]);

    const marked = await call(
      apiUrl,
      "notifications.markRead",
      ALICE,
      { ids: [alices.notification.id] },
      true,
    );
    expect(marked.data).toEqual({ marked: 1, unread: 0 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard).toEqual(["alice"]);
    const after = await call<NotificationsListOutput>(apiUrl, "notifications.list", ALICE, {
      unreadOnly: true,
    });
    expect(after.data.items).toEqual([]);
    unsubscribe();
  });

  it("pages newest first and marks all read", async () => {
    for (let i = 0; i < 5; i++) await sent(CAROL, `page-${i}`);
    const first = await call<NotificationsListOutput>(apiUrl, "notifications.list", CAROL, { limit: 3 });
    expect(first.data.items.map((n) => n.title)).toEqual(["page-4", "page-3", "page-2"]);
    const second = await call<NotificationsListOutput>(apiUrl, "notifications.list", CAROL, {
      limit: 3,
      cursor: first.data.nextCursor,
    });
    expect(second.data.items.map((n) => n.title)).toEqual(["page-1", "page-0"]);
    expect(second.data.nextCursor).toBeNull();
    const all = await call(apiUrl, "notifications.markRead", CAROL, { all: true }, true);
    expect(all.data).toEqual({ marked: 5, unread: 0 });
  });

  it("keeps preferences per person and refuses bad ones by name", async () => {
    const defaults = await call<NotificationPreferences>(apiUrl, "notifications.preferences", BOB);
    expect(defaults.data).toEqual({
      discordDm: true,
      email: false,
      emailAddress: null,
      emailConfirmed: false,
      emailAvailable: true,
      quietHours: null,
      timeZone: "UTC",
    });
    const updated = await call<NotificationPreferences>(
      apiUrl,
      "notifications.updatePreferences",
      BOB,
      { quietHours: { start: "22:00", end: "07:30" }, timeZone: "Europe/Berlin", discordDm: false },
      true,
    );
    expect(updated.data).toMatchObject({
      discordDm: false,
      quietHours: { start: "22:00", end: "07:30" },
      timeZone: "Europe/Berlin",
    });
    expect(
      (await call<NotificationPreferences>(apiUrl, "notifications.preferences", ALICE)).data.timeZone,
    ).toBe("UTC");

    const badZone = await call(
      apiUrl,
      "notifications.updatePreferences",
      BOB,
      { timeZone: "Mars/Olympus" },
      true,
    );
    expect(badZone.status).toBe(400);
    expect(badZone.error?.data.userMessage).toMatch(/timeZone: must be an IANA time zone/);
    const badTime = await call(
      apiUrl,
      "notifications.updatePreferences",
      BOB,
      { quietHours: { start: "25:00", end: "07:00" } },
      true,
    );
    expect(badTime.error?.data.userMessage).toMatch(/quietHours.start: must be a time of day as HH:MM/);
    const empty = await call(
      apiUrl,
      "notifications.updatePreferences",
      BOB,
      { quietHours: { start: "07:00", end: "07:00" } },
      true,
    );
    expect(empty.error?.data.userMessage).toMatch(/start and end must differ/);
    const off = await call<NotificationPreferences>(
      apiUrl,
      "notifications.updatePreferences",
      BOB,
      { quietHours: null },
      true,
    );
    expect(off.data.quietHours).toBeNull();
  });

  it("confirms an email address by a single-use link that only its requester can use, auditing neither address nor token", async () => {
    const address = "alice.mail@example.test";
    const set = await call<NotificationPreferences>(
      apiUrl,
      "notifications.setEmail",
      ALICE,
      { email: address },
      true,
    );
    expect(set.data).toMatchObject({ emailAddress: address, emailConfirmed: false });
    const mail = await smtp.waitForMail((m) => m.to.includes(address));
    expect(mail.subject).toBe("[ClusterCord] Confirm your email address");
    const token = /\/notifications\/confirm#token=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] ?? "";
    expect(token).toHaveLength(43);
    // Not registered with the leak check: the mail that carries it is collected too, by design.
    // The database holds the token's digest, never the token.
    const stored = await db.prisma.emailConfirmation.findMany({ where: { userId: ALICE } });
    expect(JSON.stringify(stored)).not.toContain(token);

    // Bob holds Alice's link: it does nothing for him and leaves Alice's link working.
    const stolen = await call(apiUrl, "notifications.confirmEmail", BOB, { token }, true);
    expect(stolen.status).toBe(404);
    expect(stolen.error?.data.userMessage).toMatch(/not valid for you/);

    const confirmed = await call<NotificationPreferences>(
      apiUrl,
      "notifications.confirmEmail",
      ALICE,
      { token },
      true,
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.data).toMatchObject({ emailAddress: address, emailConfirmed: true });
    const again = await call(apiUrl, "notifications.confirmEmail", ALICE, { token }, true);
    expect(again.status).toBe(409);
    expect(again.error?.data.userMessage).toMatch(/already used/);
    const malformed = await call(apiUrl, "notifications.confirmEmail", ALICE, { token: "nope" }, true);
    expect(malformed.status).toBe(400);

    // A new address is unconfirmed again; the old link cannot confirm it.
    const changed = await call<NotificationPreferences>(
      apiUrl,
      "notifications.setEmail",
      ALICE,
      { email: "alice.other@example.test" },
      true,
    );
    expect(changed.data).toMatchObject({ emailAddress: "alice.other@example.test", emailConfirmed: false });
    const removed = await call<NotificationPreferences>(
      apiUrl,
      "notifications.setEmail",
      ALICE,
      { email: null },
      true,
    );
    expect(removed.data).toMatchObject({ emailAddress: null, emailConfirmed: false, email: false });

    const audit = await db.prisma.auditLog.findMany({ where: { action: { startsWith: "notifications." } } });
    expect(audit.map((row) => row.target)).toEqual(
      expect.arrayContaining(["email-address/set", "email-address/confirm", "email-address/removed"]),
    );
    const written = JSON.stringify(audit.map(({ id: _, ...row }) => row));
    expect(written).not.toContain(token);
    expect(written).not.toContain("example.test");
  });

  it("refuses to mail more than five confirmation links an hour, and says email is off without SMTP", async () => {
    for (let i = 0; i < 5; i++) {
      const ok = await call(
        apiUrl,
        "notifications.setEmail",
        CAROL,
        { email: `carol${i}@example.test` },
        true,
      );
      expect(ok.status).toBe(200);
    }
    const sixth = await call(apiUrl, "notifications.setEmail", CAROL, { email: "victim@example.test" }, true);
    expect(sixth.status).toBe(409);
    expect(sixth.error?.data.userMessage).toMatch(/At most 5 confirmation mails an hour/);
    expect(smtp.mails().some((m) => m.to.includes("victim@example.test"))).toBe(false);

    const noSmtp = await call(
      withoutMailUrl,
      "notifications.setEmail",
      BOB,
      { email: "bob@example.test" },
      true,
    );
    expect(noSmtp.status).toBe(400);
    expect(noSmtp.error?.data.userMessage).toMatch(/Email is not set up/);
    const prefs = await call<NotificationPreferences>(withoutMailUrl, "notifications.preferences", BOB);
    expect(prefs.data.emailAvailable).toBe(false);
    const bad = await call(apiUrl, "notifications.setEmail", BOB, { email: "not an address" }, true);
    expect(bad.error?.data.userMessage).toMatch(/email: must be an email address/);
  });

  it("sends a person a test notification over their channels, at most once per half minute", async () => {
    const first = await call<{ sent: boolean; channels: string[] }>(
      apiUrl,
      "notifications.sendTest",
      ALICE,
      undefined,
      true,
    );
    expect(first.data).toEqual({ sent: true, channels: ["web", "discord_dm"] });
    const again = await call<{ sent: boolean }>(apiUrl, "notifications.sendTest", ALICE, undefined, true);
    expect(again.data.sent).toBe(false);
    const deadline = Date.now() + 10_000;
    while (
      !standIn.dms(ALICE).some((m) => m.embeds?.[0]?.title === "Test notification") &&
      Date.now() < deadline
    )
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(standIn.dms(ALICE).filter((m) => m.embeds?.[0]?.title === "Test notification")).toHaveLength(1);
    const list = await call<NotificationsListOutput>(apiUrl, "notifications.list", ALICE, {
      unreadOnly: true,
    });
    expect(list.data.items.map((n) => n.title)).toEqual(["Test notification"]);
    const off = await call(withoutMailUrl, "notifications.sendTest", ALICE, undefined, true);
    expect(off.error?.data.userMessage).toMatch(/Notifications are not running/);
  });

  it("needs a caller", async () => {
    const anonymous = await callTrpc(apiUrl, "notifications.list");
    expect(anonymous.status).toBe(401);
  });
});
