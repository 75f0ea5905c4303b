import type { ClusterSummary, CostPeriod } from "@clustercord/contracts";
import type { ChatInputCommandInteraction, InteractionEditReplyOptions } from "discord.js";
import type { ApiClient } from "../../api-client";
import { type CostChartInput, costChartSvg } from "../../charts/cost-chart";
import { chartPng } from "../../charts/png";
import {
  COST_CHART_FILE,
  COST_TOP_ROWS,
  personChartRows,
  renderCostDeployment,
  renderCostOverview,
  renderCostPerson,
  rowLabel,
} from "../../render/cost";
import { periodPhrase } from "../../render/cost-format";
import { UserError } from "../../user-error";
import type { ClusterSubcommand } from "../cluster/types";
import {
  clusterOf,
  optionalString,
  REPORT_PERIODS,
  type ReportName,
  userOption,
  withCluster,
  withNamespace,
  withUser,
  workloadRef,
} from "./options";

type Interaction = ChatInputCommandInteraction<"cached" | "raw">;

/** The reply with the chart attached as `cost.png` (the embed shows it). */
function withChart(
  embed: InteractionEditReplyOptions["embeds"],
  chart: CostChartInput,
): InteractionEditReplyOptions {
  return {
    embeds: embed ?? [],
    files: [{ attachment: chartPng(costChartSvg(chart)), name: COST_CHART_FILE }],
  };
}

/** The resource browser's kind key for a workload kind whose Ready column says `ready/desired`. */
const REPLICA_KINDS: Record<string, string> = { Deployment: "deployments", StatefulSet: "statefulsets" };

/** Namespaces holding a workload of that kind and name (the resource browser, as the person sees it). */
async function workloadNamespaces(api: ApiClient, clusterId: string, ref: string, namespace?: string) {
  const [kind = "", name = ""] = ref.split("/");
  const key = REPLICA_KINDS[kind];
  if (!key) return [];
  const list = await api.resources.list.query({
    clusterId,
    kind: key,
    search: name,
    limit: 100,
    ...(namespace ? { namespace } : {}),
  });
  return list.rows
    .filter((r) => r.name === name)
    .map((r) => ({ namespace: r.namespace, replicas: Number(r.cells[0]?.split("/")[1] ?? Number.NaN) }));
}

async function deploymentReply(
  api: ApiClient,
  cluster: ClusterSummary,
  kind: CostPeriod["kind"],
  deployment: string,
  namespaceGiven: string | undefined,
): Promise<InteractionEditReplyOptions> {
  const workload = workloadRef(deployment);
  const found = await workloadNamespaces(api, cluster.id, workload, namespaceGiven).catch(() => []);
  let namespace = namespaceGiven;
  if (!namespace) {
    const namespaces = [...new Set(found.map((f) => f.namespace))];
    if (namespaces.length !== 1 || !namespaces[0]) {
      throw new UserError(
        namespaces.length
          ? `${workload} is in ${namespaces.length} namespaces (${namespaces.slice(0, 10).join(", ")}): say which with namespace:.`
          : `No ${workload} found that you can see; say its namespace with namespace:.`,
      );
    }
    namespace = namespaces[0];
  }
  const period = { kind } as CostPeriod;
  const [summary, breakdown, usage] = await Promise.all([
    api.cost.summary.query({ clusterId: cluster.id, period, namespace }),
    api.cost.breakdown.query({ clusterId: cluster.id, period, by: "workload", namespace, workload }),
    api.cost.usage.query({ clusterId: cluster.id, period, namespace }),
  ]);
  const row = breakdown.rows.find((r) => r.workload === workload) ?? null;
  const replicas = found.find((f) => f.namespace === namespace)?.replicas;
  const embed = renderCostDeployment({
    clusterName: cluster.name,
    kind,
    namespace,
    workload,
    row,
    summary,
    namespaceTotal: summary.totals.total,
    usage,
    replicas: replicas !== undefined && Number.isFinite(replicas) ? replicas : null,
  });
  return withChart([embed], {
    title: `${workload} in ${namespace} · ${periodPhrase(kind)}`,
    currency: summary.currency,
    // cost.usage is per namespace: the line is the namespace's, the bar the workload's.
    usage,
    rows: row ? [{ ...row, label: rowLabel(row) }] : [],
    rowsTitle: "This workload by resource",
  });
}

async function personReply(
  api: ApiClient,
  cluster: ClusterSummary,
  kind: CostPeriod["kind"],
  userId: string,
): Promise<InteractionEditReplyOptions> {
  const period = { kind } as CostPeriod;
  const [person, usage] = await Promise.all([
    api.cost.person.query({ clusterId: cluster.id, period, userId }),
    api.cost.usage.query({ clusterId: cluster.id, period }),
  ]);
  const embed = renderCostPerson(person, { clusterName: cluster.name, kind, gaps: usage.gaps, usage });
  return withChart([embed], {
    title: `Cost ${periodPhrase(kind)} by person · ${cluster.name}`,
    currency: person.currency,
    rows: personChartRows(person),
    rowsTitle: "Their workloads by cost",
  });
}

async function overviewReply(
  api: ApiClient,
  cluster: ClusterSummary,
  kind: CostPeriod["kind"],
  namespace: string | undefined,
): Promise<InteractionEditReplyOptions> {
  const period = { kind } as CostPeriod;
  const scope = { clusterId: cluster.id, period, ...(namespace ? { namespace } : {}) };
  const [summary, breakdown, usage] = await Promise.all([
    api.cost.summary.query(scope),
    api.cost.breakdown.query({ ...scope, by: namespace ? "workload" : "namespace", limit: COST_TOP_ROWS }),
    api.cost.usage.query(scope),
  ]);
  const embed = renderCostOverview({ clusterName: cluster.name, kind, summary, breakdown, namespace, usage });
  return withChart([embed], {
    title: `${namespace ?? cluster.name} · cost ${periodPhrase(kind)}`,
    currency: summary.currency,
    usage,
    rows: breakdown.rows.map((r) => ({ ...r, label: rowLabel(r) })),
    rowsTitle: namespace ? "Top workloads" : "Top namespaces",
  });
}

/**
 * `/cost daily|weekly|monthly [namespace:] [deployment:] [user:]`: the
 * cluster, a namespace, one workload or one person (cost.summary,
 * cost.breakdown, cost.usage, cost.person), with the chart.
 */
async function executeReport(api: ApiClient, interaction: Interaction, name: ReportName) {
  const kind = REPORT_PERIODS[name];
  const namespace = optionalString(interaction, "namespace");
  const deployment = optionalString(interaction, "deployment");
  const user = userOption(interaction);
  if (user && (namespace || deployment)) {
    throw new UserError(
      "user: shows a person's cost in every namespace; leave out namespace: and deployment:.",
    );
  }
  const cluster = await clusterOf(api, interaction);
  if (user) return personReply(api, cluster, kind, user);
  if (deployment) return deploymentReply(api, cluster, kind, deployment, namespace);
  return overviewReply(api, cluster, kind, namespace);
}

const DESCRIPTIONS: Record<ReportName, string> = {
  daily: "Cost today (UTC): CPU, memory, storage, top namespaces, with a chart",
  weekly: "Cost this week (UTC, from Monday): CPU, memory, storage, top items, with a chart",
  monthly: "Cost this month (UTC): CPU, memory, storage, top items, with a chart",
};

const reportSubcommand = (name: ReportName): ClusterSubcommand => ({
  name,
  description: DESCRIPTIONS[name],
  options: (sub) =>
    withCluster(
      withUser(
        withNamespace(sub, "Only this namespace (its workloads are listed)").addStringOption((o) =>
          o
            .setName("deployment")
            .setDescription("Only this deployment (or Kind/name, e.g. StatefulSet/db)")
            .setMaxLength(300)
            .setAutocomplete(true),
        ),
        "A person's cost: their namespaces and what they deployed",
      ),
    ),
  execute: ({ interaction, api }) => executeReport(api, interaction, name),
});

export const dailySubcommand = reportSubcommand("daily");
export const weeklySubcommand = reportSubcommand("weekly");
export const monthlySubcommand = reportSubcommand("monthly");
