/**
 * Budget alerts, evaluated after each rollup: a DM and a web notification
 * once per period when spend passes the threshold, and once when the forecast
 * crosses it before it is spent. "Once" is the BudgetAlert primary key
 * (budget, period start, kind): only the evaluator whose insert wins sends.
 */
import type { Budget, BudgetScope } from "@clustercord/contracts";
import {
  type BudgetAlertKind,
  budgetDecision,
  budgetMessage,
  calendarPeriod,
  forecast,
  thresholdCrossedAt,
} from "@clustercord/cost";
import {
  type BudgetRow,
  claimBudgetAlert,
  findClusterOwner,
  listCostBudgets,
  listSentBudgetAlerts,
  type PrismaClient,
  type UsageFilter,
} from "@clustercord/db";
import type { ApiDeps } from "../context";
import { currencyNow, loadPrices, pricedHours, totalOf } from "./cost-spend";

export type CostJobDeps = Pick<ApiDeps, "prisma" | "cipher" | "caches" | "clusterGuard" | "notifications"> &
  Partial<Pick<ApiDeps, "directory" | "log">>;

type Period = "day" | "week" | "month";

export function scopeOf(row: Pick<BudgetRow, "scopeKind" | "scopeValue">): BudgetScope {
  if (row.scopeKind === "namespace") return { kind: "namespace", namespace: row.scopeValue };
  if (row.scopeKind === "person") return { kind: "person", userId: row.scopeValue };
  return { kind: "guild" };
}

/**
 * The rows a budget counts. A guild budget of the guild that added the
 * cluster covers the whole cluster; a tenant guild's covers its namespaces.
 * A tenant's person budget counts that person's usage in the tenant's
 * namespaces only.
 */
function budgetFilter(row: BudgetRow, ownerGuildId: string | null, from: Date, to: Date): UsageFilter {
  const base = { clusterId: row.clusterId, from, to, namespaces: null };
  const tenant = row.guildId !== ownerGuildId ? { guildId: row.guildId } : {};
  if (row.scopeKind === "namespace") return { ...base, namespaces: [row.scopeValue] };
  if (row.scopeKind === "person") return { ...base, ...tenant, personId: row.scopeValue };
  return { ...base, ...tenant };
}

export interface BudgetState {
  period: { from: Date; to: Date };
  spent: number;
  forecast: number;
  exceedsOn: Date | null;
  currency: string;
}

/** Spend in the budget's current period so far, its forecast at this rate, and when it passes the threshold. */
export async function budgetState(
  prisma: PrismaClient,
  row: BudgetRow,
  ownerGuildId: string | null,
  now: Date,
): Promise<BudgetState> {
  const period = calendarPeriod(row.period as Period, now);
  const history = await loadPrices(prisma, row.clusterId);
  const hours = await pricedHours(prisma, budgetFilter(row, ownerGuildId, period.from, now), history);
  const spent = totalOf(hours).total;
  const elapsed = now.getTime() - period.from.getTime();
  return {
    period,
    spent,
    forecast: forecast(spent, elapsed, period.to.getTime() - period.from.getTime()),
    exceedsOn: thresholdCrossedAt(spent, row.threshold, period, now),
    currency: currencyNow(history, now),
  };
}

export async function budgetView(
  deps: Pick<ApiDeps, "prisma">,
  row: BudgetRow,
  ownerGuildId: string | null,
  now: Date,
): Promise<Budget> {
  const state = await budgetState(deps.prisma, row, ownerGuildId, now);
  return {
    id: row.id,
    clusterId: row.clusterId,
    guildId: row.guildId,
    scope: scopeOf(row),
    period: row.period as Period,
    threshold: row.threshold,
    currency: state.currency,
    spent: state.spent,
    forecast: state.forecast,
    exceedsOn: state.exceedsOn?.toISOString() ?? null,
    createdBy: row.createdBy,
  };
}

/**
 * Who hears about a budget: whoever set it (an operator or admin of the
 * guild), the guild's owner (always its admin) when Discord can be asked,
 * and for a person budget that person.
 */
async function subscribersOf(deps: CostJobDeps, row: BudgetRow): Promise<string[]> {
  const people = new Set([row.createdBy]);
  if (row.scopeKind === "person") people.add(row.scopeValue);
  const guild = await deps.directory?.getGuild(row.guildId).catch(() => null);
  if (guild?.owner_id) people.add(guild.owner_id);
  return [...people];
}

async function scopeLabel(deps: CostJobDeps, row: BudgetRow): Promise<string> {
  if (row.scopeKind === "namespace") return `namespace ${row.scopeValue}`;
  if (row.scopeKind === "person") {
    const user = await deps.directory?.getUser(row.scopeValue).catch(() => null);
    return user ? `${user.global_name ?? user.username}` : `person ${row.scopeValue}`;
  }
  const guild = await deps.directory?.getGuild(row.guildId).catch(() => null);
  return guild ? `server ${guild.name}` : "this server";
}

async function sendAlert(
  deps: CostJobDeps,
  row: BudgetRow,
  state: BudgetState,
  kind: BudgetAlertKind,
): Promise<void> {
  const notify = deps.notifications?.notify;
  if (!notify) return;
  const message = budgetMessage({
    kind,
    scopeLabel: await scopeLabel(deps, row),
    spent: state.spent,
    threshold: row.threshold,
    currency: state.currency,
    period: row.period as Period,
    exceedsOn: state.exceedsOn,
  });
  const key = `cost.budget:${row.id}:${state.period.from.toISOString()}:${kind}`;
  for (const userId of await subscribersOf(deps, row)) {
    await notify({
      to: { userId },
      title: message.title,
      body: message.body,
      severity: kind === "exceeded" ? "critical" : "warning",
      link: `/clusters/${row.clusterId}/cost`,
      idempotencyKey: key,
    });
  }
}

/** Evaluates every budget on the cluster at `now`; returns how many alerts this call won and sent. */
export async function evaluateBudgets(
  deps: CostJobDeps,
  clusterId: string,
  now: Date,
): Promise<{ sent: number }> {
  const budgets = await listCostBudgets(deps.prisma, clusterId);
  if (budgets.length === 0) return { sent: 0 };
  const ownerGuildId = await findClusterOwner(deps.prisma, clusterId);
  let sent = 0;
  for (const row of budgets) {
    const state = await budgetState(deps.prisma, row, ownerGuildId, now);
    const already = new Set(
      (await listSentBudgetAlerts(deps.prisma, row.id, state.period.from)) as BudgetAlertKind[],
    );
    for (const kind of budgetDecision(row, state.spent, state.forecast, already)) {
      const won = await claimBudgetAlert(deps.prisma, {
        budgetId: row.id,
        periodStart: state.period.from,
        kind,
        amount: state.spent,
        sentAt: now,
      });
      if (!won) continue;
      await sendAlert(deps, row, state, kind);
      sent++;
    }
  }
  return { sent };
}
