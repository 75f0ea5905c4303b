import { openTestDatabase, openTestRedis, type TestRedis } from "@clustercord/testenv";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type BackgroundJobs, startBackgroundJobs } from "../src/index";
import { sleep, until } from "./helpers";

// What the web process and the jobs process call at start.
describe("startBackgroundJobs", () => {
  let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
  let redis: TestRedis;
  const started: BackgroundJobs[] = [];
  const prisma = () => testDb.db.prisma;

  beforeAll(async () => {
    testDb = await openTestDatabase();
    redis = await openTestRedis();
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((jobs) => jobs.stop(1_000)));
    await prisma().auditLog.deleteMany();
  });
  afterAll(async () => {
    await redis?.close();
    await testDb?.drop();
  });

  const oldRow = () =>
    prisma().auditLog.create({
      data: {
        at: new Date(Date.now() - 40 * 24 * 3_600_000),
        actorId: "111",
        actorName: "alice",
        guildId: "g1",
        action: "clusters.add",
        target: "old",
        via: "web",
        result: "ok",
      },
    });

  it("web without REDIS_URL: regular mode runs the jobs in this process", async () => {
    const jobs = await startBackgroundJobs({ role: "web", prisma: prisma(), auditRetentionDays: 30 });
    started.push(jobs);
    expect(jobs.runner.mode).toBe("regular");
    expect(jobs.runsJobs).toBe(true);
    await oldRow();
    const cleanup = jobs.jobs.get("cleanup");
    if (!cleanup) throw new Error("no cleanup job");
    await jobs.runner.enqueue(cleanup, {});
    await until("the old row to go", async () => (await prisma().auditLog.count()) === 0);
  });

  it("web with REDIS_URL: only enqueues; a jobs process runs the job", async () => {
    const prefix = redis.prefix();
    const web = await startBackgroundJobs({
      role: "web",
      prisma: prisma(),
      redisUrl: redis.url,
      prefix,
      auditRetentionDays: 30,
    });
    started.push(web);
    expect(web.runner.mode).toBe("queue");
    expect(web.runsJobs).toBe(false);
    await oldRow();
    const cleanup = web.jobs.get("cleanup");
    if (!cleanup) throw new Error("no cleanup job");
    await web.runner.enqueue(cleanup, {});
    await sleep(500);
    expect(await prisma().auditLog.count()).toBe(1); // nobody runs it yet
    expect((await web.runner.depth()).cleanup?.waiting).toBe(1);
    expect(await redis.client.zrange(`${prefix}:cleanup:repeat`, "0", "-1")).toEqual([]);

    const jobsProcess = await startBackgroundJobs({
      role: "jobs",
      prisma: prisma(),
      redisUrl: redis.url,
      prefix,
      auditRetentionDays: 30,
    });
    started.push(jobsProcess);
    await until("the jobs process to run it", async () => (await prisma().auditLog.count()) === 0);
    // The daily cleanup is scheduled by the jobs process, not by the web.
    expect(await redis.client.zrange(`${prefix}:cleanup:repeat`, "0", "-1")).toEqual(["cleanup"]);
  });

  it("the jobs process refuses to start without REDIS_URL", async () => {
    await expect(
      startBackgroundJobs({ role: "jobs", prisma: prisma(), auditRetentionDays: 30 }),
    ).rejects.toThrow("The jobs process runs queue mode and needs REDIS_URL");
  });
});
