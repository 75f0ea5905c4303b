import { deleteAuditRowsBefore } from "@clustercord/db";
import { openTestDatabase, openTestRedis, type TestRedis } from "@clustercord/testenv";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cleanupJob, type JobCompletedEvent, type JobRunner } from "../src/index";
import { type Mode, runnersFor, until } from "./helpers";

const DAY = 24 * 3_600_000;
const now = new Date("2026-11-30T03:17:00.000Z");

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
const prisma = () => testDb.db.prisma;

/** Audit rows written `ageDays` before `now`, one per age. */
async function writeRowsAged(ageDays: number[]) {
  for (const age of ageDays)
    await prisma().auditLog.create({
      data: {
        at: new Date(now.getTime() - age * DAY),
        actorId: "111",
        actorName: "alice",
        guildId: "g1",
        action: "clusters.add",
        target: `age-${age}`,
        via: "web",
        result: "ok",
      },
    });
}
const remainingTargets = async () =>
  (await prisma().auditLog.findMany({ orderBy: { id: "asc" } })).map((row) => row.target);

beforeAll(async () => {
  testDb = await openTestDatabase();
});
afterAll(async () => {
  await testDb?.drop();
});
beforeEach(async () => {
  await prisma().auditLog.deleteMany();
});

describe(`audit retention on ${process.env.DB_KIND ?? "pglite"}`, () => {
  it("deleteAuditRowsBefore deletes exactly the older rows, across batches", async () => {
    await writeRowsAged([400, 200, 120, 91, 90, 89, 10, 0]);
    const deleted = await deleteAuditRowsBefore(prisma(), new Date(now.getTime() - 90 * DAY), {
      batchSize: 2,
    });
    expect(deleted).toBe(4);
    expect(await remainingTargets()).toEqual(["age-90", "age-89", "age-10", "age-0"]);
    expect(await deleteAuditRowsBefore(prisma(), new Date(now.getTime() - 90 * DAY))).toBe(0);
  });
});

describe.each<Mode>(["regular", "queue"])("the cleanup job, %s mode", (mode) => {
  let redis: TestRedis | undefined;
  const made: JobRunner[] = [];

  beforeAll(async () => {
    if (mode === "queue") redis = await openTestRedis();
  });
  afterEach(async () => {
    await Promise.all(made.splice(0).map((runner) => runner.stop({ graceMs: 1_000 })));
  });
  afterAll(async () => {
    await redis?.close();
  });

  async function runCleanup(auditRetentionDays: number) {
    const { runner } = runnersFor(mode, redis, made);
    const job = cleanupJob({ prisma: prisma(), auditRetentionDays, now: () => now });
    runner.register([job]);
    const done: JobCompletedEvent[] = [];
    runner.onCompleted((event) => done.push(event));
    await runner.start();
    await runner.enqueue(job, {});
    await until("the cleanup to finish", () => done.length === 1);
    return done[0]?.result;
  }

  it("deletes audit rows past the retention and keeps the rest", async () => {
    await writeRowsAged([365, 31, 30, 29, 1]);
    expect(await runCleanup(30)).toEqual({ auditRowsDeleted: 2 });
    expect(await remainingTargets()).toEqual(["age-30", "age-29", "age-1"]);
  });

  it("keeps every row with a retention of 0", async () => {
    await writeRowsAged([3650, 1]);
    expect(await runCleanup(0)).toEqual({ auditRowsDeleted: 0 });
    expect(await remainingTargets()).toEqual(["age-3650", "age-1"]);
  });
});
