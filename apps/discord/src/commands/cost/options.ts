import type { BudgetPeriod, CostPeriod } from "@clustercord/contracts";
import type { ChatInputCommandInteraction, SlashCommandSubcommandBuilder } from "discord.js";
import type { ApiClient } from "../../api-client";
import { UserError } from "../../user-error";
import { clusterOption, namespaceOption } from "../autocomplete";
import { clusterNamedOrOnly } from "../cluster/shared";

type Interaction = ChatInputCommandInteraction<"cached" | "raw">;

/** `/cost daily|weekly|monthly` and the API's period kinds (calendar day / ISO week / month to date, UTC). */
export const REPORT_PERIODS = { daily: "day", weekly: "week", monthly: "month" } as const;
export type ReportName = keyof typeof REPORT_PERIODS;

/** `period:` of /cost alert: the guide says daily; the API says day. */
export const BUDGET_PERIODS: Record<string, BudgetPeriod> = {
  daily: "day",
  weekly: "week",
  monthly: "month",
};

/** `period:` of /cost export: the report periods, and whole UTC days back from today. */
export const EXPORT_PERIODS = [
  "daily",
  "weekly",
  "monthly",
  "last_7_days",
  "last_30_days",
  "last_90_days",
] as const;
export type ExportPeriod = (typeof EXPORT_PERIODS)[number];

const DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The API's period for an export choice. `last_N_days` is N whole UTC days
 * ending with today (to = next midnight), so the same request made a minute
 * later, from the web or Discord, names the same span and gives the same file.
 * `from`/`to` (YYYY-MM-DD, `to` inclusive) make a custom period instead.
 */
export function exportPeriod(
  choice: ExportPeriod | undefined,
  range: { from?: string | undefined; to?: string | undefined },
  now: Date,
): CostPeriod {
  if (range.from || range.to) {
    if (!range.from || !range.to) throw new UserError("Give both from: and to: (YYYY-MM-DD), or neither.");
    for (const [name, value] of Object.entries(range)) {
      if (!DATE.test(value ?? "") || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
        throw new UserError(`${name}: must be a date as YYYY-MM-DD (got ${value}).`);
      }
    }
    const from = new Date(`${range.from}T00:00:00Z`);
    const to = new Date(Date.parse(`${range.to}T00:00:00Z`) + DAY);
    if (to <= from) throw new UserError("to: must be on or after from:.");
    return { kind: "custom", from: from.toISOString(), to: to.toISOString() };
  }
  const picked = choice ?? "monthly";
  if (picked in REPORT_PERIODS) return { kind: REPORT_PERIODS[picked as ReportName] };
  const days = Number(picked.match(/^last_(\d+)_days$/)?.[1]);
  const tomorrow = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY;
  return {
    kind: "custom",
    from: new Date(tomorrow - days * DAY).toISOString(),
    to: new Date(tomorrow).toISOString(),
  };
}

/** A Discord user id from a `user` option (the raw snowflake: the resolved user is not needed). */
export function userOption(interaction: Interaction, name = "user"): string | undefined {
  const value = interaction.options.get(name)?.value;
  return typeof value === "string" && value ? value : undefined;
}

/** `deployment:` as the API's `Kind/name`: a bare name is a Deployment; `StatefulSet/db` is taken as given. */
export function workloadRef(deployment: string): string {
  const trimmed = deployment.trim();
  return trimmed.includes("/") ? trimmed : `Deployment/${trimmed}`;
}

export const optionalString = (interaction: Interaction, name: string) =>
  interaction.options.getString(name)?.trim() || undefined;

export const withCluster = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) => clusterOption(o, false));

export const withNamespace = (sub: SlashCommandSubcommandBuilder, description: string) =>
  sub.addStringOption((o) => namespaceOption(o, description, false));

export const withUser = (sub: SlashCommandSubcommandBuilder, description: string) =>
  sub.addUserOption((o) => o.setName("user").setDescription(description));

/** The cluster the command is about: named, or the server's only one. */
export const clusterOf = (api: ApiClient, interaction: Interaction) =>
  clusterNamedOrOnly(api, optionalString(interaction, "cluster"));
