/**
 * The alerts engine's storage: the reducer's state per cluster (saved with an optimistic version check,
 * so two evaluators never overwrite each other), the rules and prefs it evaluates with, and the
 * AlertEvent rows (one per message that went out; written before delivery so buttons can name them).
 */
import type { Prisma, PrismaClient } from "./generated/client";

export interface StoredAlertState {
  state: unknown;
  version: number;
}

/** The cluster's stored state, created (with `initial`, version 0) when it has none yet. */
export async function loadAlertState(
  prisma: PrismaClient,
  clusterId: string,
  initial: unknown,
): Promise<StoredAlertState> {
  const select = { state: true, version: true } as const;
  const found = await prisma.alertState.findUnique({ where: { clusterId }, select });
  if (found) return found;
  // ON CONFLICT DO NOTHING: two first evaluations racing both read the one row (Prisma's upsert
  // is a read then an insert, and the loser of that race fails on the key).
  await prisma.alertState.createMany({
    data: [{ clusterId, state: initial as Prisma.InputJsonValue, version: 0 }],
    skipDuplicates: true,
  });
  return prisma.alertState.findUniqueOrThrow({ where: { clusterId }, select });
}

/** Stores `state` if nobody saved since `version` was read; false means reload and step again. */
export async function saveAlertState(
  prisma: PrismaClient,
  clusterId: string,
  state: unknown,
  version: number,
): Promise<boolean> {
  const { count } = await prisma.alertState.updateMany({
    where: { clusterId, version },
    data: { state: state as Prisma.InputJsonValue, version: { increment: 1 } },
  });
  return count === 1;
}

export interface AlertRuleRow {
  id: string;
  clusterId: string;
  guildId: string;
  name: string;
  spec: unknown;
  createdBy: string;
}

/** Every rule on one cluster, whichever guild made it. */
export function listClusterAlertRules(prisma: PrismaClient, clusterId: string): Promise<AlertRuleRow[]> {
  return prisma.alertRule.findMany({
    where: { clusterId },
    select: { id: true, clusterId: true, guildId: true, name: true, spec: true, createdBy: true },
    orderBy: { createdAt: "asc" },
  });
}

/** Clusters with at least one rule: the ones the engine watches and ticks. */
export async function listClustersWithAlertRules(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.alertRule.findMany({ distinct: ["clusterId"], select: { clusterId: true } });
  return rows.map((r) => r.clusterId);
}

/** Stored prefs of these people and channels (absent ones have none). */
export async function listAlertPrefsOf(
  prisma: PrismaClient,
  who: { people: readonly string[]; channels: readonly string[] },
): Promise<{ kind: string; id: string; prefs: unknown }[]> {
  if (!who.people.length && !who.channels.length) return [];
  return prisma.alertPrefs.findMany({
    where: {
      OR: [
        { kind: "person", id: { in: [...who.people] } },
        { kind: "channel", id: { in: [...who.channels] } },
      ],
    },
    select: { kind: true, id: true, prefs: true },
  });
}

export interface NewAlertEvent {
  /** Derived from the message, so a replayed step writes the same row again (skipped). */
  id: string;
  clusterId: string;
  guildId: string | null;
  ruleId: string | null;
  kind: string;
  severity: string;
  title: string;
  lines: string[];
  fingerprints: string[];
  actions: unknown[];
  recipients: string[];
  at: Date;
}

/** Writes the events; ones already written (same id) are left as they are. */
export async function insertAlertEvents(
  prisma: PrismaClient,
  events: readonly NewAlertEvent[],
): Promise<number> {
  if (!events.length) return 0;
  const { count } = await prisma.alertEvent.createMany({
    data: events.map((e) => ({
      ...e,
      lines: e.lines as Prisma.InputJsonValue,
      fingerprints: e.fingerprints as Prisma.InputJsonValue,
      actions: e.actions as Prisma.InputJsonValue,
      recipients: e.recipients as Prisma.InputJsonValue,
    })),
    skipDuplicates: true,
  });
  return count;
}
