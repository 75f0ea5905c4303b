import type { Budget, BudgetScope } from "@clustercord/contracts";
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  ButtonStyle,
  ComponentType,
  type InteractionEditReplyOptions,
} from "discord.js";
import type { ApiClient } from "../../api-client";
import { renderBudgetSet, renderBudgets } from "../../render/cost";
import { UserError } from "../../user-error";
import { assertAsker } from "../cluster/confirm";
import { customId, packId, unpackId } from "../cluster/custom-id";
import type { ClusterSubcommand } from "../cluster/types";
import type { ButtonHandler } from "../types";
import {
  BUDGET_PERIODS,
  clusterOf,
  optionalString,
  userOption,
  withCluster,
  withNamespace,
  withUser,
} from "./options";

const DELETE = "cost-bdel";
/** Budgets with a Delete button (five rows of four). */
export const DELETE_BUTTONS = 20;
export const BUDGET_GONE = "That budget list is out of date; run /cost alert again.";

export function deleteButtonId(clusterId: string, budgetId: string): string {
  return customId(DELETE, packId(clusterId), packId(budgetId));
}

/** "Delete 1" … under the list, numbered as the list is. */
export function budgetButtons(
  clusterId: string,
  budgets: readonly Budget[],
): APIActionRowComponent<APIButtonComponent>[] {
  const buttons: APIButtonComponent[] = budgets.slice(0, DELETE_BUTTONS).map((b, i) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Danger,
    label: `Delete ${i + 1}`,
    custom_id: deleteButtonId(clusterId, b.id),
  }));
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length; i += 4) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + 4) });
  }
  return rows;
}

async function listReply(
  api: ApiClient,
  clusterId: string,
  clusterName: string,
): Promise<InteractionEditReplyOptions> {
  const budgets = await api.cost.budgets.list.query({ clusterId });
  return { embeds: [renderBudgets(budgets, clusterName)], components: budgetButtons(clusterId, budgets) };
}

/** The budget's scope from namespace: / user: (neither: the whole server). */
export function budgetScope(namespace: string | undefined, userId: string | undefined): BudgetScope {
  if (namespace && userId)
    throw new UserError(
      "A budget is for a namespace or a person, not both: give one of namespace: and user:.",
    );
  if (namespace) return { kind: "namespace", namespace };
  if (userId) return { kind: "person", userId };
  return { kind: "guild" };
}

/**
 * `/cost alert type:budget threshold: period: [namespace:] [user:]`:
 * cost.budgets.set. Without threshold: cost.budgets.list, with a Delete
 * button per budget (cost.budgets.delete).
 */
export const alertSubcommand: ClusterSubcommand = {
  name: "alert",
  description: "Budget alerts: set one (DM when passed or forecast to pass), or list and delete them",
  options: (sub) =>
    withCluster(
      withUser(
        withNamespace(
          sub
            .addStringOption((o) =>
              o
                .setName("type")
                .setDescription("The kind of alert")
                .addChoices({ name: "budget", value: "budget" }),
            )
            .addNumberOption((o) =>
              o
                .setName("threshold")
                .setDescription("Budget in the cluster's currency (leave out to list the budgets)")
                .setMinValue(0.01)
                .setMaxValue(1e9),
            )
            .addStringOption((o) =>
              o
                .setName("period")
                .setDescription("Per day, week or month (UTC)")
                .addChoices(...Object.keys(BUDGET_PERIODS).map((p) => ({ name: p, value: p }))),
            ),
          "A budget for this namespace",
        ),
        "A budget for this person's cost",
      ),
    ),
  async execute({ interaction, api }) {
    const threshold = interaction.options.getNumber("threshold");
    const periodName = optionalString(interaction, "period");
    const namespace = optionalString(interaction, "namespace");
    const userId = userOption(interaction);
    if (threshold === null) {
      if (periodName || namespace || userId) {
        throw new UserError(
          "Say the budget with threshold: (and period:); without threshold: /cost alert lists the budgets.",
        );
      }
      const cluster = await clusterOf(api, interaction);
      return listReply(api, cluster.id, cluster.name);
    }
    const period = periodName ? BUDGET_PERIODS[periodName] : undefined;
    if (!period) throw new UserError("A budget needs period: daily, weekly or monthly.");
    const scope = budgetScope(namespace, userId);
    const cluster = await clusterOf(api, interaction);
    const budget = await api.cost.budgets.set.mutate({ clusterId: cluster.id, scope, period, threshold });
    return { embeds: [renderBudgetSet(budget)] };
  },
};

/** Delete n: cost.budgets.delete, then the list as it is now (only the person who listed may press it). */
export const budgetDeleteButton: ButtonHandler = {
  prefix: DELETE,
  async execute({ interaction, api, args }) {
    assertAsker(interaction);
    const clusterId = unpackId(args[0] ?? "");
    const budgetId = unpackId(args[1] ?? "");
    if (!clusterId || !budgetId) throw new UserError(BUDGET_GONE);
    await api.cost.budgets.delete.mutate({ clusterId, budgetId });
    const { clusters } = await api.clusters.list.query();
    const name = clusters.find((c) => c.id === clusterId)?.name ?? clusterId;
    return listReply(api, clusterId, name);
  },
};
