import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { cleanupJob, createJobRunner, type JobRunner } from "@clustercord/jobs";
import { createNotifyService } from "@clustercord/notify";
import {
  openTestDatabase,
  openTestRedis,
  type Service,
  startService,
  type TestRedis,
} from "@clustercord/testenv";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const tsx = path.join(repoRoot, "node_modules/tsx/dist/cli.mjs");
const main = path.join(repoRoot, "apps/jobs/src/main.ts");
const DAY = 24 * 3_600_000;

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the jobs process (apps/jobs)", () => {
  it("refuses to start without its settings, naming each and echoing no value", async () => {
    const password = registerSecret("pw-jobs-env-9f3c1a7e", "jobs env test password");
    const run = promisify(execFile)(process.execPath, [tsx, main], {
      cwd: repoRoot,
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        REDIS_URL: `http://user:${password}@127.0.0.1:6379`,
        AUDIT_RETENTION_DAYS: "-3",
      },
      timeout: 60_000,
    });
    const failure = (await run.catch((error: unknown) => error)) as {
      code: number;
      stderr: string;
      stdout: string;
    };
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain("Invalid jobs process configuration:");
    expect(failure.stderr).toContain("REDIS_URL: must be a redis:// or rediss:// URL");
    expect(failure.stderr).toContain(
      "DATABASE_URL: is required: the jobs process shares the web's PostgreSQL",
    );
    expect(failure.stderr).toContain("AUDIT_RETENTION_DAYS: must be a whole number of days");
    expect(failure.stderr).toContain(
      "DISCORD_BOT_TOKEN: is required: notification delivery sends Discord DMs",
    );
    expect(failure.stderr + failure.stdout).not.toContain(password);
  });

  describe(`on ${process.env.DB_KIND ?? "pglite"} and Redis`, () => {
    let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
    let redis: TestRedis;
    let service: Service | undefined;
    let producer: JobRunner | undefined;
    let discord: DiscordStandIn;

    beforeAll(async () => {
      redis = await openTestRedis();
      testDb = await openTestDatabase();
      discord = await startDiscordStandIn();
    });
    afterAll(async () => {
      await service?.stop();
      await discord?.close();
      await producer?.stop({ graceMs: 1_000 });
      await redis?.close();
      await testDb?.drop();
    });

    it("runs the cleanup the web enqueues, keeps its daily schedule, and stops on SIGTERM", async () => {
      const prisma = testDb.db.prisma;
      const now = Date.now();
      for (const age of [400, 31, 29, 0])
        await prisma.auditLog.create({
          data: {
            at: new Date(now - age * DAY),
            actorId: "111",
            actorName: "alice",
            guildId: "g1",
            action: "clusters.add",
            target: `age-${age}`,
            via: "web",
            result: "ok",
          },
        });

      const prefix = redis.prefix();
      service = await startService({
        name: "jobs",
        command: process.execPath,
        args: [tsx, main],
        cwd: repoRoot,
        env: {
          ...process.env,
          DATABASE_URL: testDb.db.url,
          REDIS_URL: redis.url,
          JOBS_PREFIX: prefix,
          AUDIT_RETENTION_DAYS: "30",
          DISCORD_BOT_TOKEN: discord.fixture.bot.token,
          DISCORD_API_BASE: discord.apiBase,
        },
        readyLine: /"msg":"ready: queue mode/,
        timeoutMs: 120_000,
      });
      expect(service.output()).toContain(
        `ready: queue mode, prefix ${prefix}, jobs: cleanup, notify.deliver, notify.sweep`,
      );

      // The web's side: it registers the same job (its own retention does not matter, the jobs process runs it).
      producer = createJobRunner({ mode: "queue", redisUrl: redis.url, prefix });
      const cleanup = cleanupJob({ prisma, auditRetentionDays: 1 });
      producer.register([cleanup]);
      await producer.enqueue(cleanup, {});
      await until("the old audit rows to go", async () => (await prisma.auditLog.count()) === 2, 30_000);
      const left = await prisma.auditLog.findMany({ orderBy: { id: "asc" } });
      expect(left.map((row) => row.target)).toEqual(["age-29", "age-0"]);
      await until(
        "the cleanup's log line",
        () => service?.output().includes("cleanup: deleted 2 audit rows before") ?? false,
      );

      // A notification the web stores is delivered by the jobs process, as the bot.
      const web = createNotifyService({
        prisma,
        discord: { apiBase: discord.apiBase, botToken: discord.fixture.bot.token },
        smtp: null,
        publicUrl: "http://127.0.0.1:3000",
        redisUrl: redis.url,
        prefix,
      });
      web.attachRunner(producer);
      producer.register(web.jobs.map((entry) => entry.job));
      await web.notify({
        to: { userId: "100000000000000001" },
        title: "Backup finished",
        body: "ok",
        severity: "info",
        idempotencyKey: "jobs-process:1",
      });
      await until(
        "the DM from the jobs process",
        () => discord.dms("100000000000000001").length === 1,
        30_000,
      );
      await web.close();

      // The daily schedule lives in Redis, once, whichever jobs process set it.
      const client = new Redis(redis.url);
      try {
        expect(await client.zrange(`${prefix}:cleanup:repeat`, "0", "-1")).toEqual(["cleanup"]);
      } finally {
        client.disconnect();
      }

      await service.stop();
      expect(service.child.exitCode).toBe(0);
      // A clean stop: whatever was running (a sweep may have just started) finished, nothing handed back.
      expect(service.output()).toMatch(/stopped: \d+ finished, 0 handed back/);
    });
  });
});
