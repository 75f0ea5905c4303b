import type { CanaryCheck, CanaryPhase } from "@clustercord/contracts";
import { Prisma, type PrismaClient } from "./generated/client";

/** analysing → promoting → promoted, or analysing → rolling-back → rolled-back / aborted. */
export type CanaryPhaseValue = CanaryPhase;
/** One analysis check, as the contract shows it. */
export type CanaryCheckValue = CanaryCheck;

export interface CanaryRow {
  id: string;
  guildId: string;
  clusterId: string;
  namespace: string;
  deployment: string;
  canaryDeployment: string;
  image: string;
  stableImage: string;
  percentage: number;
  traffic: string;
  httpRoute: string | null;
  service: string | null;
  stableReplicas: number;
  canaryReplicas: number;
  phase: string;
  reason: string | null;
  startedById: string;
  startedVia: string;
  startedAt: Date;
  analysisEndsAt: Date;
  endedAt: Date | null;
  checks: CanaryCheckValue[];
  /** The last write: how long a claimed end has waited for the process that claimed it. */
  updatedAt: Date;
}

export type NewCanary = Omit<
  CanaryRow,
  "id" | "phase" | "reason" | "startedAt" | "endedAt" | "checks" | "updatedAt"
> & {
  startedAt: Date;
};

export interface CanaryTarget {
  clusterId: string;
  namespace: string;
  deployment: string;
}

/** At most this many checks are kept (the newest): a long window checked every few seconds stays small. */
export const MAX_CANARY_CHECKS = 200;

const runningKey = (t: CanaryTarget) => `${t.clusterId}/${t.namespace}/${t.deployment}`;
const RUNNING: CanaryPhaseValue[] = ["analysing", "promoting", "rolling-back"];

const toRow = (r: Prisma.CanaryGetPayload<object>): CanaryRow => {
  const { runningKey: _key, checks, ...rest } = r;
  return { ...rest, checks: Array.isArray(checks) ? (checks as unknown as CanaryCheckValue[]) : [] };
};

/**
 * Stores a new running canary; null when the Deployment already has one
 * running (the unique running key decides, across processes).
 */
export async function insertCanary(prisma: PrismaClient, canary: NewCanary): Promise<CanaryRow | null> {
  try {
    const row = await prisma.canary.create({
      data: { ...canary, phase: "analysing", checks: [], runningKey: runningKey(canary) },
    });
    return toRow(row);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return null;
    throw error;
  }
}

export async function findCanary(prisma: PrismaClient, id: string): Promise<CanaryRow | null> {
  const row = await prisma.canary.findUnique({ where: { id } });
  return row ? toRow(row) : null;
}

/** The Deployment's running canary (analysing, or ending), if any. */
export async function findRunningCanary(
  prisma: PrismaClient,
  target: CanaryTarget,
): Promise<CanaryRow | null> {
  const row = await prisma.canary.findUnique({ where: { runningKey: runningKey(target) } });
  return row ? toRow(row) : null;
}

/** The Deployment's newest canary, running or ended. */
export async function findLatestCanary(
  prisma: PrismaClient,
  target: CanaryTarget,
): Promise<CanaryRow | null> {
  const row = await prisma.canary.findFirst({
    where: target,
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
  });
  return row ? toRow(row) : null;
}

/** Every running canary (the analysis sweep's work), oldest first. */
export async function listRunningCanaries(prisma: PrismaClient): Promise<CanaryRow[]> {
  const rows = await prisma.canary.findMany({
    where: { phase: { in: RUNNING } },
    orderBy: { startedAt: "asc" },
  });
  return rows.map(toRow);
}

/** Appends one analysis check (keeping the newest MAX_CANARY_CHECKS) while the canary is analysing. */
export async function appendCanaryCheck(
  prisma: PrismaClient,
  id: string,
  check: CanaryCheckValue,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const row = await tx.canary.findUnique({ where: { id }, select: { checks: true, phase: true } });
    if (row?.phase !== "analysing") return;
    const checks = [...((row.checks as unknown as CanaryCheckValue[]) ?? []), check].slice(
      -MAX_CANARY_CHECKS,
    );
    await tx.canary.update({ where: { id }, data: { checks: checks as unknown as Prisma.InputJsonValue } });
  });
}

/**
 * Moves an analysing canary to `promoting` or `rolling-back` with the reason;
 * false when it was no longer analysing (another process, or a person, ended it first).
 */
export async function claimCanaryEnd(
  prisma: PrismaClient,
  id: string,
  phase: "promoting" | "rolling-back",
  reason: string,
): Promise<boolean> {
  const claimed = await prisma.canary.updateMany({
    where: { id, phase: "analysing" },
    data: { phase, reason: reason.slice(0, 1000) },
  });
  return claimed.count === 1;
}

/** Ends the canary: its final phase and reason; the Deployment may have a new canary from now on. */
export async function finishCanary(
  prisma: PrismaClient,
  id: string,
  end: { phase: "promoted" | "rolled-back" | "aborted"; reason: string; at: Date },
): Promise<CanaryRow> {
  const row = await prisma.canary.update({
    where: { id },
    data: { phase: end.phase, reason: end.reason.slice(0, 1000), endedAt: end.at, runningKey: null },
  });
  return toRow(row);
}
