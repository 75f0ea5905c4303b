import { renderOutcome } from "../../render/plan";
import { renderSchedule, renderSchedules } from "../../render/snapshots";
import { plain } from "../../render/style";
import { clusterNamed, clusterNamedOrOnly } from "./shared";
import { snapshotsApi } from "./snapshot-api";
import {
  optional,
  parseNamespaces,
  withOptionalCluster,
  withRequiredCluster,
  withScope,
} from "./snapshot-options";
import type { ClusterSubcommand } from "./types";

/**
 * `/cluster snapshot schedule cluster: every: [keep:] [scope:] [namespaces:] [description:]`:
 * snapshots.schedule (admins); older snapshots of the schedule past `keep` are deleted by the API.
 */
export const snapshotScheduleSubcommand: ClusterSubcommand = {
  name: "schedule",
  description: "Take snapshots daily or weekly, keeping the last few (admins)",
  options: (sub) => {
    withRequiredCluster(sub);
    sub
      .addStringOption((o) =>
        o
          .setName("every")
          .setDescription("How often")
          .setRequired(true)
          .addChoices({ name: "daily", value: "daily" }, { name: "weekly", value: "weekly" }),
      )
      .addIntegerOption((o) =>
        o.setName("keep").setDescription("How many to keep (default: 7)").setMinValue(1).setMaxValue(100),
      );
    withScope(sub);
    return sub.addStringOption((o) =>
      o.setName("description").setDescription("Said on each snapshot it takes").setMaxLength(200),
    );
  },
  async execute({ interaction, api }) {
    const namespaces = parseNamespaces(optional(interaction, "namespaces"));
    const cluster = await clusterNamed(api, interaction.options.getString("cluster", true));
    const every = interaction.options.getString("every", true) === "weekly" ? "weekly" : "daily";
    const keep = interaction.options.getInteger("keep") ?? undefined;
    const description = optional(interaction, "description");
    const out = await snapshotsApi(api).schedule({
      clusterId: cluster.id,
      every,
      ...(keep !== undefined ? { keep } : {}),
      scope: interaction.options.getString("scope") === "cluster" ? "cluster" : "namespaces",
      ...(namespaces ? { namespaces } : {}),
      ...(description ? { description } : {}),
    });
    return { embeds: [renderSchedule(out)], components: [] };
  },
};

/** `/cluster snapshot schedules [cluster:]`: snapshots.schedules with their next runs. */
export const snapshotSchedulesSubcommand: ClusterSubcommand = {
  name: "schedules",
  description: "Snapshot schedules of this server's clusters and their next runs",
  options: withOptionalCluster,
  async execute({ interaction, api }) {
    const name = optional(interaction, "cluster");
    const cluster = name ? await clusterNamedOrOnly(api, name) : undefined;
    const out = await snapshotsApi(api).schedules(cluster ? { clusterId: cluster.id } : {});
    return { embeds: [renderSchedules(out, cluster?.name)], components: [] };
  },
};

/** `/cluster snapshot unschedule id:`: snapshots.unschedule (admins); snapshots already taken stay. */
export const snapshotUnscheduleSubcommand: ClusterSubcommand = {
  name: "unschedule",
  description: "Stop a snapshot schedule (admins); snapshots it took stay",
  options: (sub) =>
    sub.addStringOption((o) =>
      o
        .setName("id")
        .setDescription("The schedule's id (pick from the list)")
        .setRequired(true)
        .setMaxLength(64)
        .setAutocomplete(true),
    ),
  async execute({ interaction, api }) {
    const { message } = await snapshotsApi(api).unschedule({
      id: interaction.options.getString("id", true).trim(),
    });
    return { embeds: [renderOutcome(plain(message, 1000))], components: [] };
  },
};
