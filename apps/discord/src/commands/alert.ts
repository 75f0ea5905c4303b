import { type AlertRuleTypeName, creatableAlertRuleTypes } from "@clustercord/contracts";
import type { ApplicationCommandOptionChoiceData, SlashCommandSubcommandBuilder } from "discord.js";
import { ChannelType } from "discord.js";
import type { ApiClient } from "../api-client";
import {
  type AlertRuleView,
  type AlertScopeView,
  renderAlertPrefs,
  renderMuted,
  renderRuleCreated,
  renderRuleDeleted,
  renderRules,
  renderUnmuted,
  scopePlain,
} from "../render/alerts";
import { UserError } from "../user-error";
import { durationText, parseDuration } from "./alert-duration";
import {
  choices,
  clusterOption,
  clusterOrNamespaceChoices,
  MAX_CHOICES,
  namespaceOption,
} from "./autocomplete";
import { clusterNamedOrOnly } from "./cluster/shared";
import type { ClusterSubcommand } from "./cluster/types";
import { subcommandGroup } from "./subcommands";
import type { SlashCommand } from "./types";

const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"] as const;
type WorkloadKind = (typeof WORKLOAD_KINDS)[number];
/** `workload:` as a kind and name: a bare name is a Deployment; `StatefulSet/db` is taken as given. */
export function parseWorkload(text: string): { workload: WorkloadKind; name: string } {
  const trimmed = text.trim();
  const slash = trimmed.indexOf("/");
  if (slash < 0) return { workload: "Deployment", name: trimmed };
  const kind = trimmed.slice(0, slash).toLowerCase();
  const found = WORKLOAD_KINDS.find((k) => k.toLowerCase() === kind);
  if (!found)
    throw new UserError(
      `workload "${trimmed}": the kind must be one of ${WORKLOAD_KINDS.join(", ")} (or give a Deployment's bare name).`,
    );
  return { workload: found, name: trimmed.slice(slash + 1) };
}

/** The rule's scope from namespace: and workload: (neither: the whole cluster). */
export function ruleScope(
  namespace: string | undefined,
  workload: string | undefined,
):
  | Exclude<AlertScopeView, { kind: "workload" }>
  | ({ kind: "workload"; namespace: string } & ReturnType<typeof parseWorkload>) {
  if (workload) {
    if (!namespace) throw new UserError("A workload rule needs namespace: too (the workload's namespace).");
    return { kind: "workload", namespace, ...parseWorkload(workload) };
  }
  return namespace ? { kind: "namespace", namespace } : { kind: "cluster" };
}

/** A default name: "high-cpu > 80% in shop", "pod-crash on Deployment shop/api". */
export function defaultRuleName(type: string, scope: AlertScopeView, threshold?: number): string {
  const condition = threshold !== undefined ? `${type} > ${threshold}%` : type;
  const where =
    scope.kind === "cluster"
      ? "cluster-wide"
      : scope.kind === "namespace"
        ? `in ${scope.namespace}`
        : `on ${scope.workload} ${scope.namespace}/${scope.name}`;
  return `${condition} ${where}`.slice(0, 80);
}

const str = (
  interaction: Parameters<ClusterSubcommand["execute"]>[0]["interaction"],
  name: string,
): string | undefined => interaction.options.getString(name)?.trim() || undefined;

/** The person's rules (alerts.rules.list), and the one with this id or exact name. */
async function findRule(
  api: ApiClient,
  idOrName: string,
): Promise<{ rule: AlertRuleView; all: AlertRuleView[] }> {
  const { rules } = (await api.alerts.rules.list.query({})) as { rules: AlertRuleView[] };
  const rule = rules.find((r) => r.id === idOrName) ?? rules.find((r) => r.name === idOrName);
  if (!rule)
    throw new UserError(
      `No alert rule "${idOrName}" in this server: pick one from the list (/alert list shows them).`,
    );
  return { rule, all: rules };
}

const createSubcommand: ClusterSubcommand = {
  name: "create",
  description: "Get alerted (DM and web) when something breaks: crashes, pull errors, high usage…",
  options: (sub: SlashCommandSubcommandBuilder) =>
    sub
      .addStringOption((o) =>
        o
          .setName("type")
          .setDescription("What to watch")
          .setRequired(true)
          .addChoices(...creatableAlertRuleTypes.map((t) => ({ name: t, value: t }))),
      )
      .addStringOption((o) => namespaceOption(o, "Only this namespace (default: the whole cluster)", false))
      .addIntegerOption((o) =>
        o
          .setName("threshold")
          .setDescription("high-cpu / high-memory: percent of the limit")
          .setMinValue(1)
          .setMaxValue(100),
      )
      .addStringOption((o) => clusterOption(o, false))
      .addStringOption((o) =>
        o
          .setName("min_severity")
          .setDescription("finding: alert on findings at least this severe")
          .addChoices(...SEVERITIES.map((s) => ({ name: s, value: s }))),
      )
      .addStringOption((o) =>
        o
          .setName("workload")
          .setDescription("Only this workload's pods: a Deployment's name, or Kind/name (with namespace:)")
          .setMaxLength(270)
          .setAutocomplete(true),
      )
      .addStringOption((o) =>
        o.setName("name").setDescription("A name for the rule (default: what it watches)").setMaxLength(80),
      )
      .addIntegerOption((o) =>
        o
          .setName("throttle")
          .setDescription("At most one alert per resource per this many minutes (default 5)")
          .setMinValue(1)
          .setMaxValue(1440),
      )
      .addChannelOption((o) =>
        o
          .setName("channel")
          .setDescription("Also post to this channel (server admins)")
          .addChannelTypes(ChannelType.GuildText),
      ),
  async execute({ interaction, api }) {
    const type = interaction.options.getString("type", true);
    const threshold = interaction.options.getInteger("threshold") ?? undefined;
    const minSeverity = str(interaction, "min_severity");
    const throttle = interaction.options.getInteger("throttle") ?? undefined;
    const channelId = interaction.options.get("channel")?.value;
    const scope = ruleScope(str(interaction, "namespace"), str(interaction, "workload"));
    const cluster = await clusterNamedOrOnly(api, str(interaction, "cluster"));
    const me = interaction.user.id;
    const { rule } = await api.alerts.rules.create.mutate({
      name: str(interaction, "name") ?? defaultRuleName(type, scope, threshold),
      clusterId: cluster.id,
      type: type as AlertRuleTypeName,
      scope,
      ...(threshold !== undefined ? { threshold } : {}),
      ...(minSeverity ? { minSeverity: minSeverity as (typeof SEVERITIES)[number] } : {}),
      ...(throttle !== undefined ? { throttleMinutes: throttle } : {}),
      // Without a channel the API subscribes the caller by DM and web; with one, the caller and it.
      ...(typeof channelId === "string" && channelId
        ? {
            subscribers: [
              { kind: "person" as const, id: me, via: ["dm" as const, "web" as const] },
              { kind: "channel" as const, id: channelId },
            ],
          }
        : {}),
    });
    return { embeds: [renderRuleCreated(rule, me)] };
  },
};

const listSubcommand: ClusterSubcommand = {
  name: "list",
  description: "This server's alert rules you can see, and what is muted",
  options: (sub) => sub.addStringOption((o) => clusterOption(o, false)),
  async execute({ interaction, api }) {
    const clusterName = str(interaction, "cluster");
    const clusterId = clusterName ? (await clusterNamedOrOnly(api, clusterName)).id : undefined;
    const out = await api.alerts.rules.list.query(clusterId ? { clusterId } : {});
    return { embeds: [renderRules(out, interaction.user.id)] };
  },
};

const idOption = (sub: SlashCommandSubcommandBuilder, description: string) =>
  sub.addStringOption((o) =>
    o.setName("id").setDescription(description).setRequired(true).setMaxLength(100).setAutocomplete(true),
  );

const deleteSubcommand: ClusterSubcommand = {
  name: "delete",
  description: "Delete an alert rule (yours, or any as a server admin)",
  options: (sub) => idOption(sub, "The rule (pick from the list)"),
  async execute({ interaction, api }) {
    const { rule } = await findRule(api, interaction.options.getString("id", true).trim());
    await api.alerts.rules.delete.mutate({ id: rule.id });
    return { embeds: [renderRuleDeleted(rule.name)] };
  },
};

const muteSubcommand: ClusterSubcommand = {
  name: "mute",
  description: "Silence a rule's alerts for a while (30m, 2h, 1d…)",
  options: (sub) =>
    idOption(sub, "The rule (pick from the list)").addStringOption((o) =>
      o.setName("duration").setDescription("How long: 30m, 2h, 1d, 1h30m").setRequired(true).setMaxLength(20),
    ),
  async execute({ interaction, api }) {
    const durationMinutes = parseDuration(interaction.options.getString("duration", true));
    const { rule } = await findRule(api, interaction.options.getString("id", true).trim());
    const { until } = await api.alerts.mute.mutate({
      clusterId: rule.clusterId,
      target: { ruleId: rule.id },
      durationMinutes,
    });
    return { embeds: [renderMuted(`the rule ${rule.name} for ${durationText(durationMinutes)}`, until)] };
  },
};

const unmuteSubcommand: ClusterSubcommand = {
  name: "unmute",
  description: "Let a muted rule's alerts through again",
  options: (sub) => idOption(sub, "The rule (pick from the list)"),
  async execute({ interaction, api }) {
    const { rule } = await findRule(api, interaction.options.getString("id", true).trim());
    await api.alerts.unmute.mutate({ clusterId: rule.clusterId, target: { ruleId: rule.id } });
    return { embeds: [renderUnmuted(`The rule ${rule.name}`)] };
  },
};

const configSubcommand: ClusterSubcommand = {
  name: "config",
  description: "Your quiet hours and time zone for alerts (nothing given: show them)",
  options: (sub) =>
    sub
      .addStringOption((o) =>
        o.setName("quiet_start").setDescription("Quiet hours start, HH:MM (with quiet_end)").setMaxLength(5),
      )
      .addStringOption((o) =>
        o.setName("quiet_end").setDescription("Quiet hours end, HH:MM (with quiet_start)").setMaxLength(5),
      )
      .addStringOption((o) =>
        o
          .setName("timezone")
          .setDescription("Your time zone, e.g. Europe/Berlin")
          .setMaxLength(64)
          .setAutocomplete(true),
      )
      .addBooleanOption((o) => o.setName("quiet_off").setDescription("Switch quiet hours off")),
  async execute({ interaction, api }) {
    const start = str(interaction, "quiet_start");
    const end = str(interaction, "quiet_end");
    const timeZone = str(interaction, "timezone");
    const off = interaction.options.getBoolean("quiet_off") ?? false;
    if ((start === undefined) !== (end === undefined))
      throw new UserError("Give both quiet_start and quiet_end (HH:MM), or neither.");
    if (off && start) throw new UserError("Give quiet hours or quiet_off, not both.");
    const spec = {
      ...(timeZone ? { timeZone } : {}),
      ...(start && end ? { quietHours: { start, end } } : off ? { quietHours: null } : {}),
    };
    const { prefs } = Object.keys(spec).length
      ? await api.alerts.config.mutate(spec)
      : await api.alerts.getConfig.query({});
    return { embeds: [renderAlertPrefs(prefs)] };
  },
};

export const alertSubcommands: readonly ClusterSubcommand[] = [
  createSubcommand,
  listSubcommand,
  deleteSubcommand,
  muteSubcommand,
  unmuteSubcommand,
  configSubcommand,
];

/** Every IANA zone the runtime knows (UTC first among equals). */
const TIME_ZONES: readonly string[] = [
  "UTC",
  ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC"),
];

/** `id:` offers the person's rules (only those they may delete for `delete`), by name; the value is the id. */
async function ruleChoices(api: ApiClient, typed: string, deletable: boolean) {
  const { rules } = (await api.alerts.rules.list.query({})) as { rules: AlertRuleView[] };
  const q = typed.trim().toLowerCase();
  return rules
    .filter((r) => !deletable || r.mayDelete)
    .filter((r) => !q || r.name.toLowerCase().includes(q) || r.id.startsWith(q))
    .slice(0, MAX_CHOICES)
    .map((r) => ({ name: `${r.name} · ${r.type} · ${scopePlain(r.scope)}`.slice(0, 100), value: r.id }));
}

/**
 * `/alert create|list|delete|mute|unmute|config`: the procedures the web's
 * Alerts page calls, the replies shown to the person alone (rules name their
 * namespaces and subscribers).
 */
export const alertCommand: SlashCommand = {
  ...subcommandGroup("alert", "Alerts by DM: rules, mutes and your quiet hours", alertSubcommands),
  ephemeral: true,
  async autocomplete({ interaction, api }): Promise<ApplicationCommandOptionChoiceData[]> {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value).slice(0, 100);
    const clusterName = interaction.options.getString("cluster")?.trim() || undefined;
    if (focused.name === "cluster" || focused.name === "namespace")
      return clusterOrNamespaceChoices(api, focused.name, typed, clusterName);
    if (focused.name === "timezone") return choices(TIME_ZONES, typed);
    if (focused.name === "id")
      return ruleChoices(api, typed, interaction.options.getSubcommand(false) === "delete");
    if (focused.name !== "workload") return [];
    const cluster = await clusterNamedOrOnly(api, clusterName).catch(() => null);
    if (!cluster) return [];
    const namespace = interaction.options.getString("namespace")?.trim() || undefined;
    const page = await api.resources.list.query({
      clusterId: cluster.id,
      kind: "deployments",
      ...(namespace ? { namespace } : {}),
      ...(typed.trim() ? { search: typed.trim() } : {}),
      limit: MAX_CHOICES,
    });
    return choices([...new Set(page.rows.map((r) => r.name))], typed);
  },
};
