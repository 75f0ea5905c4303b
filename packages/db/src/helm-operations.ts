import type { AppError } from "@clustercord/contracts";
import { Prisma, type PrismaClient } from "./generated/client";

export type HelmOperationState = "planned" | "running" | "succeeded" | "failed" | "rolled-back" | "cancelled";

/** One Helm operation as stored: its plan and, once confirmed, its run. */
export interface HelmOperationRow {
  id: string;
  kind: string;
  status: string;
  guildId: string;
  userId: string;
  clusterId: string;
  namespace: string;
  release: string;
  chartRef: string | null;
  chartVersion: string | null;
  fromLabel: string | null;
  toLabel: string | null;
  valuesSealed: string | null;
  valuesHash: string;
  createNamespace: boolean;
  targetRevision: number | null;
  output: string;
  message: string;
  revision: number | null;
  cancelRequested: boolean;
  expiresAt: Date;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
}

export type NewHelmPlan = Pick<
  HelmOperationRow,
  "kind" | "guildId" | "userId" | "clusterId" | "namespace" | "release" | "expiresAt"
> &
  Partial<
    Pick<
      HelmOperationRow,
      | "chartRef"
      | "chartVersion"
      | "fromLabel"
      | "toLabel"
      | "valuesSealed"
      | "valuesHash"
      | "createNamespace"
      | "targetRevision"
    >
  >;

export function insertHelmPlan(prisma: PrismaClient, plan: NewHelmPlan): Promise<HelmOperationRow> {
  return prisma.helmOperation.create({ data: { ...plan, status: "planned" } });
}

export function findHelmOperation(prisma: PrismaClient, id: string): Promise<HelmOperationRow | null> {
  return prisma.helmOperation.findUnique({ where: { id } });
}

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/**
 * Turns a confirmed plan into the release's one running operation, or
 * refuses: the partial unique index ("one running per release") makes this
 * atomic across processes. A run that stopped reporting for `staleMs` (its
 * process died) no longer blocks the release. Returns null when the plan
 * was already used or has expired.
 */
export async function startHelmOperation(
  prisma: PrismaClient,
  id: string,
  options: { now?: Date; staleMs: number; busy: (kind: string) => AppError },
): Promise<HelmOperationRow | null> {
  const now = options.now ?? new Date();
  const plan = await prisma.helmOperation.findUnique({ where: { id } });
  if (!plan) return null;
  await prisma.helmOperation.updateMany({
    where: {
      clusterId: plan.clusterId,
      namespace: plan.namespace,
      release: plan.release,
      status: "running",
      updatedAt: { lt: new Date(now.getTime() - options.staleMs) },
    },
    data: { status: "failed", message: "The server running it stopped answering.", finishedAt: now },
  });
  try {
    const { count } = await prisma.helmOperation.updateMany({
      where: { id, status: "planned", expiresAt: { gt: now } },
      data: { status: "running", startedAt: now },
    });
    if (count === 0) return null;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const running = await prisma.helmOperation.findFirst({
      where: {
        clusterId: plan.clusterId,
        namespace: plan.namespace,
        release: plan.release,
        status: "running",
      },
    });
    throw options.busy(running?.kind ?? "changed");
  }
  return prisma.helmOperation.findUnique({ where: { id } });
}

/**
 * The runner's heartbeat: writes the output so far and tells whether a
 * cancel was asked for (from any process).
 */
export async function reportHelmProgress(
  prisma: PrismaClient,
  id: string,
  output: string,
): Promise<{ cancelRequested: boolean }> {
  const row = await prisma.helmOperation.update({
    where: { id },
    data: { output },
    select: { cancelRequested: true },
  });
  return row;
}

export function finishHelmOperation(
  prisma: PrismaClient,
  id: string,
  outcome: {
    status: Exclude<HelmOperationState, "planned" | "running">;
    message: string;
    output: string;
    revision: number | null;
  },
): Promise<HelmOperationRow> {
  return prisma.helmOperation.update({ where: { id }, data: { ...outcome, finishedAt: new Date() } });
}

/** Asks the run to stop; only a running operation can be cancelled (returns the row as it is now). */
export async function requestHelmCancel(prisma: PrismaClient, id: string): Promise<HelmOperationRow | null> {
  await prisma.helmOperation.updateMany({
    where: { id, status: "running" },
    data: { cancelRequested: true },
  });
  return prisma.helmOperation.findUnique({ where: { id } });
}

/** Plans nobody confirmed, past their expiry (they hold sealed values: no reason to keep them). */
export async function deleteExpiredHelmPlans(prisma: PrismaClient, now = new Date()): Promise<number> {
  const { count } = await prisma.helmOperation.deleteMany({
    where: { status: "planned", expiresAt: { lt: now } },
  });
  return count;
}

/** The `<repository>/<chart>` a release was last installed or upgraded from through ClusterCord, if it was. */
export async function findLastHelmChartRef(
  prisma: PrismaClient,
  where: { clusterId: string; namespace: string; release: string },
): Promise<string | null> {
  const row = await prisma.helmOperation.findFirst({
    where: { ...where, kind: { in: ["install", "upgrade"] }, status: "succeeded", chartRef: { not: null } },
    orderBy: { finishedAt: "desc" },
    select: { chartRef: true },
  });
  return row?.chartRef ?? null;
}
