import { findOverdueDeliveries, type PrismaClient } from "@clustercord/db";
import { defineJob, type JobRunner } from "@clustercord/jobs";
import { z } from "zod";
import { DELIVERY_LEASE_MS, type deliveryJob } from "./deliver";

export const SWEEP_JOB = "notify.sweep";
/** Every five minutes. */
export const SWEEP_SCHEDULE = "*/5 * * * *";
const SWEEP_BUCKET_MS = 5 * 60_000;
/** Left to their own job for this long after they are due. */
const GRACE_MS = 60_000;

/**
 * Re-enqueues deliveries whose job was lost: the embedded runner keeps
 * delayed jobs (quiet hours) in memory, so a restart would drop them, and
 * a crashed attempt leaves a stale claim. The Delivery row makes the extra
 * job harmless when the original is still around.
 */
export function sweepJob(deps: {
  prisma: PrismaClient;
  runner: () => JobRunner;
  job: () => ReturnType<typeof deliveryJob>;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());
  return defineJob({
    name: SWEEP_JOB,
    payload: z.object({}).strict(),
    retries: 1,
    concurrency: 1,
    async run() {
      const at = now().getTime();
      const overdue = await findOverdueDeliveries(deps.prisma, {
        dueBefore: new Date(at - GRACE_MS),
        staleBefore: new Date(at - DELIVERY_LEASE_MS),
        limit: 500,
      });
      const bucket = Math.floor(at / SWEEP_BUCKET_MS);
      for (const delivery of overdue)
        await deps
          .runner()
          .enqueue(
            deps.job(),
            { deliveryId: delivery.id },
            { idempotencyKey: `sweep:${delivery.id}:${bucket}` },
          );
      return { requeued: overdue.length };
    },
  });
}
