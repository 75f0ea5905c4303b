import type { PrismaClient } from "./generated/client";

export type ApplyPlanStatus = "planned" | "applying" | "applied" | "failed";

/** A stored apply plan (objects sealed), see the ApplyPlan model. */
export interface ApplyPlanRow {
  id: string;
  origin: string;
  status: string;
  guildId: string;
  userId: string;
  clusterId: string;
  objectsSealed: string;
  hash: string;
  summary: string;
  expiresAt: Date;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export type NewApplyPlan = Pick<
  ApplyPlanRow,
  "origin" | "guildId" | "userId" | "clusterId" | "objectsSealed" | "hash" | "summary" | "expiresAt"
>;

export function insertApplyPlan(prisma: PrismaClient, plan: NewApplyPlan): Promise<ApplyPlanRow> {
  return prisma.applyPlan.create({ data: { ...plan, status: "planned" } });
}

export function findApplyPlan(prisma: PrismaClient, id: string): Promise<ApplyPlanRow | null> {
  return prisma.applyPlan.findUnique({ where: { id } });
}

/**
 * planned -> applying, once: a second confirm (in any process) finds it no
 * longer planned. False when it was used already or has expired.
 */
export async function claimApplyPlan(prisma: PrismaClient, id: string, now = new Date()): Promise<boolean> {
  const { count } = await prisma.applyPlan.updateMany({
    where: { id, status: "planned", expiresAt: { gt: now } },
    data: { status: "applying", startedAt: now },
  });
  return count === 1;
}

/** The outcome; the sealed objects are dropped (nothing reads them again). */
export async function finishApplyPlan(
  prisma: PrismaClient,
  id: string,
  status: "applied" | "failed",
): Promise<void> {
  await prisma.applyPlan.update({
    where: { id },
    data: { status, objectsSealed: "", finishedAt: new Date() },
  });
}

/** Plans nobody confirmed, past their expiry (they hold sealed objects: no reason to keep them). */
export async function deleteExpiredApplyPlans(prisma: PrismaClient, now = new Date()): Promise<number> {
  const { count } = await prisma.applyPlan.deleteMany({
    where: { status: "planned", expiresAt: { lt: now } },
  });
  return count;
}
