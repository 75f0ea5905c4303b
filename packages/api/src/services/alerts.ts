/**
 * Alert rules (issue 16): a guild's members create, list and delete the rules the alerts engine
 * evaluates. A rule is the guild's own: other guilds (also tenants of the same shared cluster) never
 * see it. What a rule watches must be something its creator may read, asked of the cluster as them
 * (read-access.ts mayList), so a rule never reports more than their own `kubectl get` would. Anyone
 * may subscribe themselves; channels and other people need the guild's admin role.
 */
import {
  AlertRule,
  type AlertRuleSpec,
  type AlertRuleType,
  defaultSeverity,
  type Subscriber,
} from "@clustercord/alerts";
import {
  type AlertRulesCreateOutput,
  type AlertRulesDeleteInput,
  type AlertRulesDeleteOutput,
  type AlertRulesListInput,
  type AlertRulesListOutput,
  type AlertRuleTypeName,
  type AlertRuleView,
  AppError,
  BUDGET_RULES_REFUSED,
} from "@clustercord/contracts";
import {
  countGuildAlertRules,
  deleteGuildAlertRule,
  findGuildAlertRule,
  findGuildCluster,
  type GuildAlertRuleRow,
  insertAlertRule,
  listGuildAlertRules,
} from "@clustercord/db";
import { RESOURCE_TYPES, type ResourceType } from "@clustercord/kube";
import type { ApiDeps } from "../context";
import { openActorCluster } from "./actor-cluster";
import { guildMutes } from "./alerts-mutes";
import { type Actor, mayList } from "./read-access";

/** The contracts mirror the rule types of @clustercord/alerts: this fails to compile when they drift. */
const sameTypes: [AlertRuleType, AlertRuleTypeName] extends [AlertRuleTypeName, AlertRuleType]
  ? true
  : never = true;
void sameTypes;

export const MAX_RULES_PER_GUILD = 100;

/** `alerts.rules.create`: the spec, with subscribers optional (default: the caller by DM and web). */
export type AlertRuleCreateInput = Omit<AlertRuleSpec, "subscribers"> & { subscribers?: Subscriber[] };

export const noSuchRule = () =>
  new AppError("NOT_FOUND", { userMessage: "No such alert rule in this server." });

/** A guild's cluster, or NOT_FOUND as for every other cluster (no credentials are opened). */
export async function requireGuildCluster(deps: ApiDeps, actor: Actor, clusterId: string) {
  const cluster = await findGuildCluster(deps.prisma, actor.guildId, clusterId);
  if (!cluster) throw new AppError("NOT_FOUND", { userMessage: "No such cluster in this server." });
  return cluster;
}

/** The stored rule, parsed; null when the row no longer matches the spec (it is then shown nowhere). */
export function parseRule(row: Pick<GuildAlertRuleRow, "id" | "spec">): AlertRule | null {
  const spec = typeof row.spec === "object" && row.spec ? row.spec : {};
  const parsed = AlertRule.safeParse({ ...spec, id: row.id });
  return parsed.success ? parsed.data : null;
}

export const isAdmin = (actor: Actor) => actor.role === "admin";

/** The person subscribes to the rule (by any channel). */
export const subscribes = (rule: Pick<AlertRule, "subscribers">, userId: string) =>
  rule.subscribers.some((s) => s.kind === "person" && s.id === userId);

/** Creator, admin, or (for muting) a subscriber: who may act on a rule's alerts. */
export const mayMuteRule = (actor: Actor, row: GuildAlertRuleRow, rule: AlertRule | null) =>
  isAdmin(actor) || row.createdBy === actor.userId || (rule !== null && subscribes(rule, actor.userId));

export function toRuleView(row: GuildAlertRuleRow, rule: AlertRule, actor: Actor): AlertRuleView {
  return {
    id: row.id,
    name: rule.name,
    clusterId: row.clusterId,
    clusterName: row.clusterName,
    type: rule.type,
    scope: rule.scope,
    ...(rule.threshold !== undefined ? { threshold: rule.threshold } : {}),
    ...(rule.durationSeconds !== undefined ? { durationSeconds: rule.durationSeconds } : {}),
    ...(rule.minSeverity !== undefined ? { minSeverity: rule.minSeverity } : {}),
    severity: rule.severity ?? defaultSeverity[rule.type],
    ...(rule.throttleMinutes !== undefined ? { throttleMinutes: rule.throttleMinutes } : {}),
    subscribers: rule.subscribers,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    mayDelete: isAdmin(actor) || row.createdBy === actor.userId,
  };
}

/** The guild's rules (on one cluster, or all) and the mutes that silence them now. */
export async function listRules(
  deps: ApiDeps,
  actor: Actor,
  input: AlertRulesListInput,
): Promise<AlertRulesListOutput> {
  if (input.clusterId) await requireGuildCluster(deps, actor, input.clusterId);
  const rows = await listGuildAlertRules(deps.prisma, actor.guildId, input.clusterId);
  const rules: AlertRuleView[] = [];
  const parsed: { row: GuildAlertRuleRow; rule: AlertRule }[] = [];
  for (const row of rows) {
    const rule = parseRule(row);
    if (!rule) continue;
    parsed.push({ row, rule });
    rules.push(toRuleView(row, rule, actor));
  }
  return { rules, mutes: await guildMutes(deps, parsed, Date.now()) };
}

/** Which kind a rule's creator must be able to list where the rule looks. */
function watchedType(type: AlertRuleType): ResourceType {
  switch (type) {
    case "node-not-ready":
      return RESOURCE_TYPES.nodes;
    case "job-failed":
      return RESOURCE_TYPES.jobs;
    case "rollout-stuck":
      return RESOURCE_TYPES.deployments;
    default:
      return RESOURCE_TYPES.pods;
  }
}

const refuse = (userMessage: string) => new AppError("FORBIDDEN", { userMessage });

/** Subscribing anyone but yourself (a channel, another person) is the guild admins' to decide. */
function checkSubscribers(actor: Actor, subscribers: readonly Subscriber[]): void {
  const others = subscribers.filter((s) => !(s.kind === "person" && s.id === actor.userId));
  if (others.length && !isAdmin(actor)) {
    throw refuse(
      `subscribers: only admins may subscribe ${others[0]?.kind === "channel" ? "a channel" : "other people"}; you are ${actor.role}. Subscribe yourself instead.`,
    );
  }
}

/** The scope must be something the person may read, asked of the cluster as them. */
async function checkScope(deps: ApiDeps, actor: Actor, spec: AlertRuleCreateInput): Promise<void> {
  const cluster = await openActorCluster(deps, actor, spec.clusterId);
  const type = watchedType(spec.type);
  if (spec.type === "node-not-ready" && spec.scope.kind !== "cluster") {
    throw new AppError("BAD_REQUEST", {
      userMessage: "scope: node-not-ready rules watch nodes, which have no namespace; use the cluster scope.",
    });
  }
  const namespace = spec.scope.kind === "cluster" ? undefined : spec.scope.namespace;
  const may = await mayList(deps, actor, cluster, type, namespace).catch(() => false);
  if (may) return;
  if (namespace === undefined) {
    throw refuse(
      `scope: watching the whole cluster needs permission to list ${type.resource} cluster-wide; pick a namespace you can read.`,
    );
  }
  // Not naming the namespace: a tenant's guess must not be echoed back (its name may hold another guild's id).
  throw new AppError("NOT_FOUND", {
    userMessage: `scope: no such namespace for you on this cluster (you need to be able to list ${type.resource} there).`,
  });
}

export async function createRule(
  deps: ApiDeps,
  actor: Actor,
  input: AlertRuleCreateInput,
): Promise<AlertRulesCreateOutput> {
  const subscribers: Subscriber[] = input.subscribers ?? [
    { kind: "person", id: actor.userId, via: ["dm", "web"] },
  ];
  if (input.type === "budget") throw new AppError("BAD_REQUEST", { userMessage: BUDGET_RULES_REFUSED });
  checkSubscribers(actor, subscribers);
  await checkScope(deps, actor, input);
  if ((await countGuildAlertRules(deps.prisma, actor.guildId)) >= MAX_RULES_PER_GUILD) {
    throw new AppError("CONFLICT", {
      userMessage: `This server has ${MAX_RULES_PER_GUILD} alert rules already; delete one first.`,
    });
  }
  const spec: AlertRuleSpec = { ...input, subscribers };
  const row = await insertAlertRule(deps.prisma, {
    clusterId: input.clusterId,
    guildId: actor.guildId,
    name: spec.name,
    spec,
    createdBy: actor.userId,
  });
  const rule = parseRule(row);
  if (!rule) throw new AppError("INTERNAL", { message: `alert rule ${row.id} does not parse after insert` });
  return { rule: toRuleView(row, rule, actor) };
}

/** Its creator or an admin of the guild deletes a rule; other guilds' rules do not exist here. */
export async function deleteRule(
  deps: ApiDeps,
  actor: Actor,
  input: AlertRulesDeleteInput,
): Promise<AlertRulesDeleteOutput> {
  const row = await findGuildAlertRule(deps.prisma, actor.guildId, input.id);
  if (!row) throw noSuchRule();
  if (!isAdmin(actor) && row.createdBy !== actor.userId) {
    throw refuse(`Only the rule's creator or an admin may delete it; you are ${actor.role}.`);
  }
  if (!(await deleteGuildAlertRule(deps.prisma, actor.guildId, row.id))) throw noSuchRule();
  return { id: row.id, deleted: true };
}
