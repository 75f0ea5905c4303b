import {
  claimApplyPlan,
  deleteExpiredApplyPlans,
  findApplyPlan,
  finishApplyPlan,
  insertApplyPlan,
} from "@clustercord/db";
import { openTestDatabase } from "@clustercord/testenv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let t: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  t = await openTestDatabase();
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

const plan = (expiresAt: Date) =>
  insertApplyPlan(t.db.prisma, {
    origin: "manifests",
    guildId: "200000000000000001",
    userId: "100000000000000001",
    clusterId: "c1",
    objectsSealed: "v1.k1.sealed",
    hash: "abc",
    summary: "Apply 1 object: 1 created.",
    expiresAt,
  });

describe("stored apply plans", () => {
  it("are claimed once, even by concurrent confirms", async () => {
    const row = await plan(new Date(Date.now() + 60_000));
    const claims = await Promise.all([1, 2, 3].map(() => claimApplyPlan(t.db.prisma, row.id)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await findApplyPlan(t.db.prisma, row.id))?.status).toBe("applying");
    await finishApplyPlan(t.db.prisma, row.id, "applied");
    const done = await findApplyPlan(t.db.prisma, row.id);
    expect(done).toMatchObject({ status: "applied", objectsSealed: "" });
    expect(await claimApplyPlan(t.db.prisma, row.id)).toBe(false);
  });

  it("cannot be claimed after they expire, and expired ones are deleted", async () => {
    const row = await plan(new Date(Date.now() - 1_000));
    expect(await claimApplyPlan(t.db.prisma, row.id)).toBe(false);
    expect(await deleteExpiredApplyPlans(t.db.prisma)).toBeGreaterThanOrEqual(1);
    expect(await findApplyPlan(t.db.prisma, row.id)).toBeNull();
  });
});
