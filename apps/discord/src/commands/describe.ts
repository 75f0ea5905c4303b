import type { ResourceKindInfo } from "@clustercord/contracts";
import { SlashCommandBuilder } from "discord.js";
import type { ApiClient } from "../api-client";
import { renderDescribe } from "../render/describe";
import { UserError } from "../user-error";
import {
  choices,
  clusterOption,
  clusterOrNamespaceChoices,
  MAX_CHOICES,
  namespaceOption,
} from "./autocomplete";
import { clusterNamed } from "./cluster/shared";
import { deletePodRow } from "./pod-delete";
import type { SlashCommand } from "./types";

/** The kind the person meant: its key ("deployments"), its name ("Deployment") or the singular ("deployment"). */
async function kindNamed(api: ApiClient, clusterId: string, typed: string): Promise<ResourceKindInfo> {
  const t = typed.trim().toLowerCase();
  const { kinds } = await api.resources.kinds.query({ clusterId });
  const kind = kinds.find((k) => k.key === t || k.kind.toLowerCase() === t || k.key === `${t}s`);
  if (!kind) throw new UserError(`This cluster has no resource kind "${typed.slice(0, 60)}".`);
  return kind;
}

/**
 * `/describe cluster:<c> kind:<k> name:<n> [namespace:<ns>]`: resources.get as
 * the person, shown only to them (a ConfigMap's YAML holds its data). Without
 * a namespace a namespaced object is looked up in all of theirs.
 */
export const describeCommand: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName("describe")
    .setDescription("Describe a Kubernetes object: status, events, related objects and YAML")
    .addStringOption(clusterOption)
    .addStringOption((o) =>
      o
        .setName("kind")
        .setDescription("deployments, services, nodes, a custom resource, ...")
        .setRequired(true)
        .setMaxLength(253)
        .setAutocomplete(true),
    )
    .addStringOption((o) =>
      o
        .setName("name")
        .setDescription("The object's name")
        .setRequired(true)
        .setMaxLength(253)
        .setAutocomplete(true),
    )
    .addStringOption((o) => namespaceOption(o, "Its namespace (default: look in all of yours)", false))
    .toJSON(),
  ephemeral: true,
  async execute({ interaction, api }) {
    const cluster = await clusterNamed(api, interaction.options.getString("cluster", true));
    const kind = await kindNamed(api, cluster.id, interaction.options.getString("kind", true));
    const name = interaction.options.getString("name", true).trim();
    let namespace = interaction.options.getString("namespace")?.trim() || undefined;
    if (kind.namespaced && !namespace) {
      const found = await api.resources.list.query({
        clusterId: cluster.id,
        kind: kind.key,
        search: name,
        limit: 100,
      });
      if (found.problem) throw new UserError(found.problem.message);
      const exact = found.rows.filter((r) => r.name === name).map((r) => r.namespace);
      if (exact.length !== 1) {
        throw new UserError(
          exact.length
            ? `There is a ${kind.kind} "${name}" in ${exact.join(", ")}: pick one with namespace:.`
            : `No ${kind.kind} "${name}" in your namespaces.`,
        );
      }
      namespace = exact[0];
    }
    const detail = await api.resources.get.query({
      clusterId: cluster.id,
      kind: kind.key,
      name,
      ...(kind.namespaced && namespace ? { namespace } : {}),
    });
    const reply = renderDescribe(detail, { clusterName: cluster.name });
    const deleteRow =
      kind.key === "pods" && namespace
        ? deletePodRow(await api.me.get.query(), { clusterId: cluster.id, namespace, pod: name })
        : null;
    return deleteRow ? { ...reply, components: [deleteRow] } : reply;
  },
  async autocomplete({ interaction, api }) {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value).slice(0, 100);
    const clusterName = interaction.options.getString("cluster")?.trim();
    if (focused.name === "cluster" || focused.name === "namespace")
      return clusterOrNamespaceChoices(api, focused.name, typed, clusterName);
    if (!clusterName) return [];
    const cluster = await clusterNamed(api, clusterName);
    if (focused.name === "kind") {
      const { kinds } = await api.resources.kinds.query({ clusterId: cluster.id });
      return choices(
        kinds.map((k) => k.key),
        typed,
      );
    }
    const kindTyped = interaction.options.getString("kind")?.trim();
    if (focused.name !== "name" || !kindTyped) return [];
    const kind = await kindNamed(api, cluster.id, kindTyped);
    const namespace = interaction.options.getString("namespace")?.trim();
    const page = await api.resources.list.query({
      clusterId: cluster.id,
      kind: kind.key,
      ...(kind.namespaced && namespace ? { namespace } : {}),
      ...(typed.trim() ? { search: typed.trim() } : {}),
      limit: MAX_CHOICES,
    });
    return choices([...new Set(page.rows.map((r) => r.name))], typed);
  },
};
