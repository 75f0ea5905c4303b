import type { SnapshotsGetOutput } from "@clustercord/contracts";
import type { ChatInputCommandInteraction, InteractionEditReplyOptions } from "discord.js";
import { justTaken, renderSnapshot, renderSnapshotList } from "../../render/snapshots";
import { follow } from "../helm/follow";
import { clusterNamed, clusterNamedOrOnly } from "./shared";
import { type SnapshotsApi, snapshotsApi } from "./snapshot-api";
import {
  optional,
  parseNamespaces,
  withOptionalCluster,
  withRequiredCluster,
  withScope,
} from "./snapshot-options";
import type { ClusterSubcommand } from "./types";

/** How often snapshots.get is asked while a snapshot is taken, and the least time between edits. */
export const SNAPSHOT_POLL_MS = 2_000;
export const SNAPSHOT_EDIT_MIN_MS = 3_000;
const NO_MENTIONS = { parse: [] } as const;

const reply = (
  state: SnapshotsGetOutput,
  message?: string,
  givenUp = false,
): InteractionEditReplyOptions => ({
  embeds: [renderSnapshot(state, { message, givenUp })],
  components: [],
});

/**
 * The reply to a snapshot just started: shown at once, then edited with its
 * progress until snapshots.get says ready or failed; the final reply is
 * returned for the worker to send. The snapshot goes on in the API either way.
 */
export async function followSnapshot(
  interaction: Pick<ChatInputCommandInteraction, "editReply">,
  snapshots: SnapshotsApi,
  started: { message: string; snapshot: SnapshotsGetOutput["snapshot"] },
  options: { pollMs?: number; editMinMs?: number } = {},
): Promise<InteractionEditReplyOptions> {
  const first = justTaken(started.snapshot);
  const done = (s: SnapshotsGetOutput) => s.snapshot.status !== "running";
  // Ready already: its kinds are one read away.
  if (done(first))
    return reply(await snapshots.get({ id: first.snapshot.id }).catch(() => first), started.message);
  await interaction
    .editReply({ ...reply(first, started.message), allowedMentions: NO_MENTIONS })
    .catch(() => {});
  return follow(first, {
    poll: () => snapshots.get({ id: first.snapshot.id }),
    done,
    render: (s) => reply(s, started.message),
    edit: (r) => interaction.editReply({ ...r, allowedMentions: NO_MENTIONS }),
    givenUp: (s) => reply(s, started.message, true),
    pollMs: options.pollMs ?? SNAPSHOT_POLL_MS,
    editMinMs: options.editMinMs ?? SNAPSHOT_EDIT_MIN_MS,
  });
}

/**
 * `/cluster snapshot create cluster: description: [scope:] [namespaces:]`:
 * snapshots.create as the person (their namespaces, or the whole cluster for
 * a dedicated cluster's admins); the reply follows it to ready or failed.
 */
export const snapshotCreateSubcommand: ClusterSubcommand = {
  name: "create",
  description: "Take a snapshot of a cluster's objects (Secrets stay encrypted); follows it until ready",
  options: (sub) => {
    withRequiredCluster(sub);
    sub.addStringOption((o) =>
      o
        .setName("description")
        .setDescription("What it is for, e.g. before the 1.35 upgrade")
        .setRequired(true)
        .setMaxLength(200),
    );
    return withScope(sub);
  },
  async execute({ interaction, api }) {
    const namespaces = parseNamespaces(optional(interaction, "namespaces"));
    const cluster = await clusterNamed(api, interaction.options.getString("cluster", true));
    const scope = interaction.options.getString("scope") === "cluster" ? "cluster" : "namespaces";
    const snapshots = snapshotsApi(api);
    const started = await snapshots.create({
      clusterId: cluster.id,
      description: interaction.options.getString("description", true).trim(),
      scope,
      ...(namespaces ? { namespaces } : {}),
    });
    return followSnapshot(interaction, snapshots, started);
  },
};

/** `/cluster snapshot list [cluster:]`: snapshots.list, newest first. */
export const snapshotListSubcommand: ClusterSubcommand = {
  name: "list",
  description: "Snapshots of this server's clusters: status, size, who took them",
  options: withOptionalCluster,
  async execute({ interaction, api }) {
    const name = optional(interaction, "cluster");
    const cluster = name ? await clusterNamedOrOnly(api, name) : undefined;
    const out = await snapshotsApi(api).list(cluster ? { clusterId: cluster.id } : {});
    return { embeds: [renderSnapshotList(out, cluster?.name)], components: [] };
  },
};
