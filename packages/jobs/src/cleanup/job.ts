import { deleteAuditRowsBefore, type PrismaClient } from "@clustercord/db";
import { z } from "zod";
import { defineJob } from "../define";
import { type CleanupPlan, type CleanupPolicy, planCleanup } from "./plan";

export interface CleanupResult {
  auditRowsDeleted: number;
}

/** The plan carried out: the only part that touches the database. */
export async function applyCleanup(prisma: PrismaClient, plan: CleanupPlan): Promise<CleanupResult> {
  const auditRowsDeleted = plan.auditRowsBefore
    ? await deleteAuditRowsBefore(prisma, plan.auditRowsBefore)
    : 0;
  return { auditRowsDeleted };
}

/** Daily at 03:17 UTC (off the hour, when little else runs). */
export const CLEANUP_SCHEDULE = "17 3 * * *";

export function cleanupJob(deps: CleanupPolicy & { prisma: PrismaClient; now?: () => Date }) {
  return defineJob({
    name: "cleanup",
    payload: z.object({}).strict(),
    concurrency: 1,
    retries: 2,
    backoff: { type: "exponential", delayMs: 60_000, maxDelayMs: 10 * 60_000 },
    run: async (_payload, { log }) => {
      const plan = planCleanup(deps, deps.now?.() ?? new Date());
      const result = await applyCleanup(deps.prisma, plan);
      if (result.auditRowsDeleted > 0)
        log.info(
          { auditRowsDeleted: result.auditRowsDeleted, before: plan.auditRowsBefore?.toISOString() },
          `cleanup: deleted ${result.auditRowsDeleted} audit rows before ${plan.auditRowsBefore?.toISOString()}`,
        );
      return result;
    },
  });
}
