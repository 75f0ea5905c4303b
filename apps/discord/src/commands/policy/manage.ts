import type { PolicyMode } from "@clustercord/contracts";
import { renderPolicyState } from "../../render/policies";
import type { ClusterSubcommand } from "../cluster/types";
import { clusterOf, withCluster, withMode, withPolicyType } from "./options";

const modeOf = (value: string) => value as PolicyMode;

/**
 * `/policy enable type: mode: [cluster:]`: policies.enable with the default
 * scope (the whole cluster when dedicated, the guild's namespaces when shared).
 */
export const enableSubcommand: ClusterSubcommand = {
  name: "enable",
  description: "Turn a policy on in Audit, Warn or Enforce mode (admins)",
  options: (sub) => withCluster(withMode(withPolicyType(sub))),
  async execute({ interaction, api }) {
    const cluster = await clusterOf(api, interaction);
    const state = await api.policies.enable.mutate({
      clusterId: cluster.id,
      policy: interaction.options.getString("type", true),
      mode: modeOf(interaction.options.getString("mode", true)),
    });
    return { embeds: [renderPolicyState(state)] };
  },
};

/** `/policy mode type: mode: [cluster:]`: policies.setMode on an enabled policy. */
export const modeSubcommand: ClusterSubcommand = {
  name: "mode",
  description: "Change an enabled policy's mode (admins)",
  options: (sub) => withCluster(withMode(withPolicyType(sub))),
  async execute({ interaction, api }) {
    const cluster = await clusterOf(api, interaction);
    const state = await api.policies.setMode.mutate({
      clusterId: cluster.id,
      policy: interaction.options.getString("type", true),
      mode: modeOf(interaction.options.getString("mode", true)),
    });
    return { embeds: [renderPolicyState(state)] };
  },
};

/** `/policy disable type: [cluster:]`: policies.disable (its admission objects are removed). */
export const disableSubcommand: ClusterSubcommand = {
  name: "disable",
  description: "Turn a policy off (admins)",
  options: (sub) => withCluster(withPolicyType(sub)),
  async execute({ interaction, api }) {
    const cluster = await clusterOf(api, interaction);
    const state = await api.policies.disable.mutate({
      clusterId: cluster.id,
      policy: interaction.options.getString("type", true),
    });
    return { embeds: [renderPolicyState(state)] };
  },
};
