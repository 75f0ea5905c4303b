import type { Prisma, PrismaClient } from "./generated/client";

export type BlueprintRunStatus = "planned" | "running" | "succeeded" | "failed";

export interface BlueprintComponentState {
  name: string;
  status: "pending" | "running" | "installed" | "unchanged" | "failed" | "skipped";
  message: string;
}

export interface BlueprintRunRecord {
  id: string;
  guildId: string;
  clusterId: string;
  userId: string;
  preset: string;
  status: BlueprintRunStatus;
  /** Sealed answers (email, custom values). */
  answers: string;
  keyId: string;
  components: BlueprintComponentState[];
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

type Row = Prisma.BlueprintRunGetPayload<object>;
const toRecord = (row: Row): BlueprintRunRecord => ({
  ...row,
  status: row.status as BlueprintRunStatus,
  components: row.components as unknown as BlueprintComponentState[],
});

export async function insertBlueprintRun(
  prisma: PrismaClient,
  data: Pick<
    BlueprintRunRecord,
    "guildId" | "clusterId" | "userId" | "preset" | "answers" | "keyId" | "components"
  >,
): Promise<BlueprintRunRecord> {
  const row = await prisma.blueprintRun.create({
    data: { ...data, components: data.components as unknown as Prisma.InputJsonValue },
  });
  return toRecord(row);
}

/** A run of this guild on this cluster, or null (another guild's run is as absent as a missing one). */
export async function findBlueprintRun(
  prisma: PrismaClient,
  where: { id: string; guildId: string; clusterId: string },
): Promise<BlueprintRunRecord | null> {
  const row = await prisma.blueprintRun.findFirst({ where });
  return row ? toRecord(row) : null;
}

/**
 * planned -> running, only if no other run on the cluster is running; false
 * when it was not planned any more (confirmed twice) or another run is busy.
 */
export async function startBlueprintRun(
  prisma: PrismaClient,
  id: string,
  now: Date,
): Promise<"started" | "not-planned" | "busy"> {
  return prisma.$transaction(async (tx) => {
    const run = await tx.blueprintRun.findUnique({ where: { id } });
    if (run?.status !== "planned") return "not-planned";
    const busy = await tx.blueprintRun.count({ where: { clusterId: run.clusterId, status: "running" } });
    if (busy > 0) return "busy";
    const updated = await tx.blueprintRun.updateMany({
      where: { id, status: "planned" },
      data: { status: "running", startedAt: now },
    });
    return updated.count === 1 ? "started" : "not-planned";
  });
}

export async function updateBlueprintRun(
  prisma: PrismaClient,
  id: string,
  data: { components: BlueprintComponentState[]; status?: BlueprintRunStatus; finishedAt?: Date },
): Promise<void> {
  await prisma.blueprintRun.update({
    where: { id },
    data: { ...data, components: data.components as unknown as Prisma.InputJsonValue },
  });
}
