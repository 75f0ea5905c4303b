import { randomBytes } from "node:crypto";
import {
  confirmEmailAddress,
  type Database,
  findDelivery,
  listNotifications,
  setEmailAddress,
  updatePreferences,
} from "@clustercord/db";
import { createJobRunner, type JobRunner } from "@clustercord/jobs";
import { silentLogger } from "@clustercord/telemetry";
import { openTestDatabase, openTestRedis, type TestRedis } from "@clustercord/testenv";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { type SmtpStandIn, startSmtpStandIn } from "@clustercord/testenv/smtp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createNotifyService, FULL_TEXT_FILE, type NotifyService, SWEEP_JOB } from "../src/index";

const ALICE = "100000000000000001";
const BOB = "100000000000000002";
const CAROL = "100000000000000003";
const MALLORY = "100000000000000004"; // shares no server with the bot: Discord refuses DMs to her
const ACME = "200000000000000001";
const ACME_OPS = "400000000000000001";
const PUBLIC_URL = "http://127.0.0.1:3999";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Database;
let discord: DiscordStandIn;
let smtp: SmtpStandIn;
const started: { service: NotifyService; runner: JobRunner }[] = [];

/** A notify service and its runner, as the web process (regular mode) or a jobs process (queue mode) has them. */
async function startNotify(
  options: { now?: () => Date; runner?: JobRunner; redisUrl?: string; prefix?: string } = {},
) {
  const service = createNotifyService({
    prisma: db.prisma,
    discord: { apiBase: discord.apiBase, botToken: discord.fixture.bot.token },
    smtp: { url: smtp.url, from: "ClusterCord <clustercord@example.test>" },
    publicUrl: PUBLIC_URL,
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    ...(options.now ? { now: options.now } : {}),
  });
  const runner = options.runner ?? createJobRunner({ mode: "regular" });
  runner.register(service.jobs.map((entry) => entry.job));
  service.attachRunner(runner);
  await runner.start();
  started.push({ service, runner });
  return { service, runner };
}

const deliveryOf = async (notificationId: string, channel: string) => {
  const row = await db.prisma.notificationDelivery.findUniqueOrThrow({
    where: { notificationId_channel: { notificationId, channel } },
  });
  return row;
};

/** Gives a person a confirmed email address (the confirmation link's token, as the procedure would). */
async function confirmedEmail(userId: string, address: string) {
  const tokenHash = randomBytes(32).toString("hex");
  await setEmailAddress(db.prisma, userId, address, { tokenHash, expiresAt: new Date(Date.now() + 60_000) });
  expect(await confirmEmailAddress(db.prisma, { tokenHash, userId, now: new Date() })).toBe("confirmed");
  await updatePreferences(db.prisma, userId, { email: true });
}

beforeAll(async () => {
  [testDb, discord, smtp] = await Promise.all([
    openTestDatabase(),
    startDiscordStandIn(),
    startSmtpStandIn(),
  ]);
  db = testDb.db;
});

afterEach(async () => {
  for (const { service, runner } of started.splice(0)) {
    await runner.stop({ graceMs: 1_000 });
    await service.close();
  }
});

afterAll(async () => {
  await smtp?.close();
  await discord?.close();
  await testDb?.drop();
});

describe("notify, regular mode", () => {
  it("delivers a DM through the bot's REST, stored for the web center, pinging nobody", async () => {
    const { service } = await startNotify();
    const result = await service.notify({
      to: { userId: ALICE },
      title: "Deployment web finished",
      body: "Rolled out 3/3 replicas. @everyone <@100000000000000002>",
      severity: "info",
      link: "/clusters/c1/pods",
      idempotencyKey: "rollout:web:1",
    });
    expect(result.deduplicated).toBe(false);
    expect(result.deliveries.map((d) => [d.channel, d.status])).toEqual([
      ["web", "sent"],
      ["discord_dm", "pending"],
    ]);
    await until("the DM", () => discord.dms(ALICE).length === 1);
    const [dm] = discord.dms(ALICE);
    expect(dm?.embeds?.[0]).toMatchObject({
      title: "Deployment web finished",
      description: "Rolled out 3/3 replicas. @everyone <@100000000000000002>",
      url: `${PUBLIC_URL}/clusters/c1/pods`,
    });
    await until(
      "the Delivery row",
      async () => (await deliveryOf(result.notificationId, "discord_dm")).status === "sent",
    );
    const row = await deliveryOf(result.notificationId, "discord_dm");
    expect(row.attempts).toBe(1);
    expect(row.sentAt).not.toBeNull();
    const listed = await listNotifications(db.prisma, { userId: ALICE, limit: 10 });
    expect(listed.items.map((n) => n.title)).toContain("Deployment web finished");
  });

  it("posts to a guild channel", async () => {
    const { service } = await startNotify();
    const result = await service.notify({
      to: { guildId: ACME, channelId: ACME_OPS },
      title: "Budget alert: 80% of November",
      body: "Acme has spent $400 of $500.",
      severity: "warning",
      idempotencyKey: "budget:acme:2026-11:80",
    });
    expect(result.deliveries.map((d) => d.channel)).toEqual(["discord_channel"]);
    await until("the channel post", () => discord.channelMessages(ACME_OPS).length === 1);
    expect(discord.channelMessages(ACME_OPS)[0]?.embeds?.[0]?.title).toBe("Budget alert: 80% of November");
    await until(
      "sent",
      async () => (await deliveryOf(result.notificationId, "discord_channel")).status === "sent",
    );
  });

  it("mails a confirmed address through SMTP, and never an unconfirmed one", async () => {
    const { service } = await startNotify();
    await confirmedEmail(BOB, "bob@example.test");
    // Carol set an address but never confirmed it.
    await setEmailAddress(db.prisma, CAROL, "carol@example.test", {
      tokenHash: randomBytes(32).toString("hex"),
      expiresAt: new Date(Date.now() + 60_000),
    });
    await updatePreferences(db.prisma, CAROL, { email: true, discordDm: false });

    const bob = await service.notify({
      to: { userId: BOB },
      title: "Job backup finished",
      body: "Completed in 42 s.",
      severity: "warning",
      idempotencyKey: "job:backup:1",
    });
    expect(bob.deliveries.map((d) => d.channel)).toEqual(["web", "discord_dm", "email"]);
    const mail = await smtp.waitForMail((m) => m.to.includes("bob@example.test"));
    expect(mail.subject).toBe("[ClusterCord] WARNING: Job backup finished");
    expect(mail.text).toContain("Completed in 42 s.");
    expect(mail.from).toBe("clustercord@example.test");
    const emailRow = await deliveryOf(bob.notificationId, "email");
    expect(mail.messageId).toBe(`<notification-${emailRow.id}@example.test>`);
    await until("sent", async () => (await deliveryOf(bob.notificationId, "email")).status === "sent");

    const carol = await service.notify({
      to: { userId: CAROL },
      title: "Job backup finished",
      body: "x",
      severity: "critical",
      idempotencyKey: "job:backup:1",
    });
    expect(carol.deliveries.map((d) => d.channel)).toEqual(["web"]);
    await sleep(300);
    expect(smtp.mails().some((m) => m.to.includes("carol@example.test"))).toBe(false);
  });

  it("attaches a body longer than an embed allows, whole, and stays inside Discord's limits", async () => {
    const { service } = await startNotify();
    const body = `${"line of a long report\n".repeat(400)}END`;
    await updatePreferences(db.prisma, CAROL, { discordDm: true });
    await service.notify({
      to: { userId: CAROL },
      title: "Long report",
      body,
      severity: "info",
      idempotencyKey: "long:2",
    });
    await until("the DM", () => discord.dms(CAROL).length === 1);
    const [dm] = discord.dms(CAROL);
    expect(dm?.embeds?.[0]?.description?.length).toBeLessThanOrEqual(4096);
    expect(dm?.attachments?.[0]?.filename).toBe(FULL_TEXT_FILE);
    expect(dm?.attachments?.[0]?.content).toContain(body);
  });

  it("holds a non-critical DM until quiet hours end; a critical one goes at once", async () => {
    // The service's clock is 2 s before a minute boundary, and quiet hours end at that boundary.
    const real = Date.now();
    const shifted = new Date(real);
    shifted.setUTCSeconds(58, 0);
    if (shifted.getTime() < real) shifted.setUTCMinutes(shifted.getUTCMinutes() + 1);
    const shift = shifted.getTime() - real;
    const now = () => new Date(Date.now() + shift);
    const end = new Date(shifted.getTime() + 2_000);
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    const start = new Date(end.getTime() - 3_600_000);
    await updatePreferences(db.prisma, BOB, {
      discordDm: true,
      email: false,
      quietStart: hhmm(start),
      quietEnd: hhmm(end),
      timeZone: "UTC",
    });
    const { service } = await startNotify({ now });
    const before = discord.dms(BOB).length;

    const held = await service.notify({
      to: { userId: BOB },
      title: "Nightly report",
      body: "All green.",
      severity: "info",
      idempotencyKey: "nightly:1",
    });
    expect(held.deliveries.find((d) => d.channel === "discord_dm")).toMatchObject({
      status: "held",
      notBefore: end,
    });
    const critical = await service.notify({
      to: { userId: BOB },
      title: "Node down",
      body: "node-2 is NotReady.",
      severity: "critical",
      idempotencyKey: "node-down:1",
    });
    expect(critical.deliveries.find((d) => d.channel === "discord_dm")?.status).toBe("pending");
    await until("the critical DM", () => discord.dms(BOB).length === before + 1);
    expect(discord.dms(BOB).at(-1)?.embeds?.[0]?.title).toBe("Node down");

    await sleep(1_000);
    expect(discord.dms(BOB)).toHaveLength(before + 1);
    expect((await deliveryOf(held.notificationId, "discord_dm")).status).toBe("held");
    await until("the held DM once quiet hours end", () => discord.dms(BOB).length === before + 2, 8_000);
    expect(now().getTime()).toBeGreaterThanOrEqual(end.getTime());
    expect(discord.dms(BOB).at(-1)?.embeds?.[0]?.title).toBe("Nightly report");
    await updatePreferences(db.prisma, BOB, { quietStart: null, quietEnd: null });
  });

  it("stores and sends one notification per recipient and key, however often notify() is called", async () => {
    const { service } = await startNotify();
    const call = (userId: string) =>
      service.notify({
        to: { userId },
        title: "Scan done",
        body: "0 findings",
        severity: "info",
        idempotencyKey: "scan:7",
      });
    const [first, again, concurrent] = await Promise.all([call(ALICE), call(ALICE), call(ALICE)]);
    const ids = new Set([first.notificationId, again.notificationId, concurrent.notificationId]);
    expect(ids.size).toBe(1);
    expect([first, again, concurrent].filter((r) => !r.deduplicated)).toHaveLength(1);
    // The same key for another person is another notification.
    const other = await call(CAROL);
    expect(other.deduplicated).toBe(false);
    await until(
      "both DMs",
      () => discord.dms(ALICE).filter((m) => m.embeds?.[0]?.title === "Scan done").length === 1,
    );
    await sleep(300);
    expect(discord.dms(ALICE).filter((m) => m.embeds?.[0]?.title === "Scan done")).toHaveLength(1);
  });

  it("retries a failed send and never sends a delivered one twice (after a retry, a repeat, or a restart)", async () => {
    await confirmedEmail(ALICE, "alice@example.test");
    await updatePreferences(db.prisma, ALICE, { discordDm: false });
    const first = await startNotify();
    smtp.refuseNext(1, 451); // the first attempt fails as a busy mail server would
    const result = await first.service.notify({
      to: { userId: ALICE },
      title: "Certificate renewed",
      body: "api.example.test until 2027-02-01.",
      severity: "info",
      idempotencyKey: "cert:api:1",
    });
    await until(
      "the retried send",
      async () => (await deliveryOf(result.notificationId, "email")).status === "sent",
      15_000,
    );
    const row = await deliveryOf(result.notificationId, "email");
    expect(row.attempts).toBe(2);
    const mailsFor = () => smtp.mails().filter((m) => m.subject.includes("Certificate renewed"));
    expect(mailsFor()).toHaveLength(1);

    // The job runs again (a queue that lost the completion, a redelivered message): nothing is sent.
    const deliver = first.service.jobs[0]?.job;
    const again = await deliver?.run(
      { deliveryId: row.id },
      {
        id: "again",
        name: "notify.deliver",
        attempt: 1,
        signal: new AbortController().signal,
        log: silentLogger,
      },
    );
    expect(again).toEqual({ outcome: "already-done" });

    // A restarted process (the embedded runner forgot its idempotency keys) enqueues it again: still one mail.
    const second = await startNotify();
    const repeat = await second.service.notify({
      to: { userId: ALICE },
      title: "Certificate renewed",
      body: "api.example.test until 2027-02-01.",
      severity: "info",
      idempotencyKey: "cert:api:1",
    });
    expect(repeat.deduplicated).toBe(true);
    const job = second.service.jobs[0]?.job;
    if (!job) throw new Error("no delivery job");
    await second.runner.enqueue(job, { deliveryId: row.id }, { idempotencyKey: "another-key" });
    await sleep(500);
    expect(mailsFor()).toHaveLength(1);
    expect((await deliveryOf(result.notificationId, "email")).attempts).toBe(2);
    await updatePreferences(db.prisma, ALICE, { discordDm: true, email: false });
  });

  it("gives up at once on what Discord will never accept, and says why without secrets", async () => {
    const { service } = await startNotify();
    const result = await service.notify({
      to: { userId: MALLORY },
      title: "Hello",
      body: "x",
      severity: "info",
      idempotencyKey: "mallory:1",
    });
    await until(
      "the failure",
      async () => (await deliveryOf(result.notificationId, "discord_dm")).status === "failed",
    );
    await sleep(300);
    const row = await deliveryOf(result.notificationId, "discord_dm");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/does not let the bot message this person/);
    expect(row.lastError).not.toContain(discord.fixture.bot.token);
  });

  it("blanks secret-shaped text before it is stored or sent", async () => {
    const { service } = await startNotify();
    const token = registerSecret(`sk-${randomBytes(24).toString("hex")}`, "API key in a notification");
    const key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    const result = await service.notify({
      to: { userId: ALICE },
      title: "Leaky job output",
      body: `The job printed ${token} and\n${key}\nthen exited.`,
      severity: "warning",
      idempotencyKey: "leaky:1",
    });
    expect(result.redacted.sort()).toEqual(["access token", "private key"]);
    const stored = await db.prisma.notification.findUniqueOrThrow({ where: { id: result.notificationId } });
    expect(stored.body).toBe("The job printed [redacted] and\n[redacted]\nthen exited.");
    await until("the DM", () => discord.dms(ALICE).some((m) => m.embeds?.[0]?.title === "Leaky job output"));
    const dm = discord.dms(ALICE).find((m) => m.embeds?.[0]?.title === "Leaky job output");
    expect(JSON.stringify(dm)).not.toContain(token);
    expect(JSON.stringify(dm)).not.toContain("PRIVATE KEY");
  });

  it("keeps a sensitive body for its one reader, and refuses it for a channel", async () => {
    const { service } = await startNotify();
    const body = "Grafana admin: `admin` / ||`password: Hunter2-Hunter2`||";
    const result = await service.notify({
      to: { userId: ALICE },
      title: "Monitoring is ready",
      body,
      severity: "info",
      idempotencyKey: "blueprint:1",
      sensitive: true,
    });
    expect(result.redacted).toEqual([]);
    expect(result.deliveries.map((d) => d.channel)).not.toContain("email");
    const stored = await db.prisma.notification.findUniqueOrThrow({ where: { id: result.notificationId } });
    expect(stored.body).toBe(body);
    await expect(
      service.notify({
        to: { guildId: ACME, channelId: "300000000000000001" },
        title: "Monitoring is ready",
        body,
        severity: "info",
        idempotencyKey: "blueprint:2",
        sensitive: true,
      }),
    ).rejects.toThrow(/sensitive notifications go to one person/);
  });

  it("sends what a restart lost when the sweep runs", async () => {
    // A held delivery whose in-memory job died with its process, and whose time has come.
    const created = await db.prisma.notification.create({
      data: {
        recipient: `user:${CAROL}`,
        idempotencyKey: "lost:1",
        userId: CAROL,
        title: "Lost in a restart",
        body: "x",
        severity: "info",
        deliveries: {
          create: [
            { channel: "web", status: "sent", sentAt: new Date() },
            { channel: "discord_dm", status: "held", notBefore: new Date(Date.now() - 5 * 60_000) },
          ],
        },
      },
    });
    const { service, runner } = await startNotify();
    const sweep = service.jobs.find((entry) => entry.job.name === SWEEP_JOB);
    expect(sweep?.schedule?.cron).toBe("*/5 * * * *");
    if (!sweep) throw new Error("no sweep job");
    await runner.enqueue(sweep.job, {});
    await until("the swept DM", () =>
      discord.dms(CAROL).some((m) => m.embeds?.[0]?.title === "Lost in a restart"),
    );
    const dm = await db.prisma.notificationDelivery.findFirstOrThrow({
      where: { notificationId: created.id, channel: "discord_dm" },
    });
    await until(
      "the Delivery row",
      async () => (await findDelivery(db.prisma, dm.id))?.delivery.status === "sent",
    );
  });
});

describe("notify, queue mode (BullMQ on Redis)", () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await openTestRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it("delivers from a jobs process what the web process stored, and tells every process the unread count changed", async () => {
    const prefix = redis.prefix();
    // The web process only enqueues; the jobs process runs the workers.
    const web = createNotifyService({
      prisma: db.prisma,
      discord: { apiBase: discord.apiBase, botToken: discord.fixture.bot.token },
      smtp: { url: smtp.url, from: "clustercord@example.test" },
      publicUrl: PUBLIC_URL,
      redisUrl: redis.url,
      prefix,
    });
    const webRunner = createJobRunner({ mode: "queue", redisUrl: redis.url, prefix });
    webRunner.register(web.jobs.map((entry) => entry.job));
    web.attachRunner(webRunner);
    started.push({ service: web, runner: webRunner });
    const jobs = await startNotify({
      runner: createJobRunner({ mode: "queue", redisUrl: redis.url, prefix }),
      redisUrl: redis.url,
      prefix,
    });
    let heard = 0;
    jobs.service.feed.subscribe(CAROL, () => heard++);
    await jobs.service.feed.ready;

    const before = discord.dms(CAROL).length;
    const result = await web.notify({
      to: { userId: CAROL },
      title: "Rollout api finished",
      body: "2/2 ready.",
      severity: "info",
      idempotencyKey: "rollout:api:9",
    });
    await until("the DM from the jobs process", () => discord.dms(CAROL).length === before + 1);
    await until("the unread count to reach the other process", () => heard === 1);
    // Enqueued again with the same key: deduplicated in Redis, and the row says it is sent.
    await web.notify({
      to: { userId: CAROL },
      title: "Rollout api finished",
      body: "2/2 ready.",
      severity: "info",
      idempotencyKey: "rollout:api:9",
    });
    await sleep(500);
    expect(discord.dms(CAROL)).toHaveLength(before + 1);
    expect((await deliveryOf(result.notificationId, "discord_dm")).status).toBe("sent");
  });
});
