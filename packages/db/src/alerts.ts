import type { Prisma, PrismaClient } from "./generated/client";

// Alert rules, recipients' prefs and the sent history (issue 16). The JSON columns hold what
// @clustercord/alerts validates; callers parse them on read (a row written by an older version
// must not crash a list).

// ---------------------------------------------------------------- rules

export interface GuildAlertRuleRow {
  id: string;
  clusterId: string;
  clusterName: string;
  guildId: string;
  name: string;
  /** The AlertRuleSpec JSON as stored (without the id). */
  spec: unknown;
  createdBy: string;
  createdAt: Date;
}

const withClusterName = { cluster: { select: { name: true } } } as const;
type RuleWithCluster = Prisma.AlertRuleGetPayload<{ include: typeof withClusterName }>;

const toRuleRow = ({ cluster, updatedAt: _u, ...row }: RuleWithCluster): GuildAlertRuleRow => ({
  ...row,
  clusterName: cluster.name,
});

export async function insertAlertRule(
  prisma: PrismaClient,
  rule: { clusterId: string; guildId: string; name: string; spec: Prisma.InputJsonValue; createdBy: string },
): Promise<GuildAlertRuleRow> {
  return toRuleRow(await prisma.alertRule.create({ data: rule, include: withClusterName }));
}

export function countGuildAlertRules(prisma: PrismaClient, guildId: string): Promise<number> {
  return prisma.alertRule.count({ where: { guildId } });
}

/** A guild's rules, optionally on one cluster, oldest first. */
export async function listGuildAlertRules(
  prisma: PrismaClient,
  guildId: string,
  clusterId?: string,
): Promise<GuildAlertRuleRow[]> {
  const rows = await prisma.alertRule.findMany({
    where: { guildId, ...(clusterId ? { clusterId } : {}) },
    include: withClusterName,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toRuleRow);
}

/** A rule of this guild, or null: other guilds' rules do not exist for it. */
export async function findGuildAlertRule(
  prisma: PrismaClient,
  guildId: string,
  id: string,
): Promise<GuildAlertRuleRow | null> {
  const row = await prisma.alertRule.findFirst({ where: { id, guildId }, include: withClusterName });
  return row ? toRuleRow(row) : null;
}

/** Rules by id, within one guild (names for mutes and history). */
export async function findGuildAlertRules(
  prisma: PrismaClient,
  guildId: string,
  ids: readonly string[],
): Promise<GuildAlertRuleRow[]> {
  if (ids.length === 0) return [];
  const rows = await prisma.alertRule.findMany({
    where: { guildId, id: { in: [...ids] } },
    include: withClusterName,
  });
  return rows.map(toRuleRow);
}

export async function deleteGuildAlertRule(
  prisma: PrismaClient,
  guildId: string,
  id: string,
): Promise<boolean> {
  const { count } = await prisma.alertRule.deleteMany({ where: { id, guildId } });
  return count > 0;
}

// ---------------------------------------------------------------- prefs

export type AlertPrefsKind = "person" | "channel";

export interface AlertPrefsRow {
  kind: AlertPrefsKind;
  id: string;
  /** The guild a channel belongs to (null for a person). */
  guildId: string | null;
  /** The AlertPrefsSpec JSON as stored. */
  prefs: unknown;
  updatedAt: Date;
}

const toPrefsRow = (row: {
  kind: string;
  id: string;
  guildId: string | null;
  prefs: unknown;
  updatedAt: Date;
}): AlertPrefsRow => ({ ...row, kind: row.kind as AlertPrefsKind });

export async function findAlertPrefs(
  prisma: PrismaClient,
  kind: AlertPrefsKind,
  id: string,
): Promise<AlertPrefsRow | null> {
  const row = await prisma.alertPrefs.findUnique({ where: { kind_id: { kind, id } } });
  return row ? toPrefsRow(row) : null;
}

export async function upsertAlertPrefs(
  prisma: PrismaClient,
  row: { kind: AlertPrefsKind; id: string; guildId: string | null; prefs: Prisma.InputJsonValue },
): Promise<AlertPrefsRow> {
  const saved = await prisma.alertPrefs.upsert({
    where: { kind_id: { kind: row.kind, id: row.id } },
    create: row,
    update: { prefs: row.prefs, guildId: row.guildId },
  });
  return toPrefsRow(saved);
}

// ---------------------------------------------------------------- history

export interface AlertEventRow {
  id: string;
  clusterId: string;
  guildId: string | null;
  ruleId: string | null;
  kind: string;
  severity: string;
  title: string;
  lines: unknown;
  fingerprints: unknown;
  actions: unknown;
  /** Recipient keys ("person:<id>", "channel:<id>"). */
  recipients: unknown;
  at: Date;
}

export interface AlertEventFilter {
  guildId: string;
  clusterId?: string;
  /** Only events that went to this recipient key (null: every event of the guild). */
  recipient: string | null;
  /** Strictly older than this. */
  before?: Date;
  /** Exactly at this time (the rest of a page's last instant). */
  at?: Date;
  limit: number;
}

/** A guild's events, newest first (ties by id). */
export function listAlertEvents(prisma: PrismaClient, filter: AlertEventFilter): Promise<AlertEventRow[]> {
  return prisma.alertEvent.findMany({
    where: {
      guildId: filter.guildId,
      ...(filter.clusterId ? { clusterId: filter.clusterId } : {}),
      ...(filter.recipient ? { recipients: { array_contains: [filter.recipient] } } : {}),
      ...(filter.before ? { at: { lt: filter.before } } : {}),
      ...(filter.at ? { at: filter.at } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: filter.limit,
  });
}

/** One event of the guild, or null. */
export function findGuildAlertEvent(
  prisma: PrismaClient,
  guildId: string,
  id: string,
): Promise<AlertEventRow | null> {
  return prisma.alertEvent.findFirst({ where: { id, guildId } });
}

/** Recent events of a cluster's rules (which rule a group or fingerprint belongs to, once it cleared). */
export function listRecentRuleEvents(
  prisma: PrismaClient,
  clusterId: string,
  ruleIds: readonly string[],
  limit: number,
): Promise<Pick<AlertEventRow, "ruleId" | "fingerprints" | "actions">[]> {
  if (ruleIds.length === 0) return Promise.resolve([]);
  return prisma.alertEvent.findMany({
    where: { clusterId, ruleId: { in: [...ruleIds] } },
    select: { ruleId: true, fingerprints: true, actions: true },
    orderBy: { at: "desc" },
    take: limit,
  });
}

// ---------------------------------------------------------------- state (read only)

/** The cluster's stored reducer state, or null; reading never creates a row (loadAlertState does). */
export async function findAlertState(prisma: PrismaClient, clusterId: string): Promise<unknown | null> {
  const row = await prisma.alertState.findUnique({ where: { clusterId }, select: { state: true } });
  return row?.state ?? null;
}
