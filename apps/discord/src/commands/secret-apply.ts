import { renderRestored, renderSecretApplied } from "../render/secrets";
import { namespaceOption } from "./autocomplete";
import type { ClusterSubcommand } from "./cluster/types";
import { withCluster } from "./job-options";
import { placeOf, withSecretName } from "./secret-options";

/**
 * `/secret apply name: [namespace:] [cluster:]`: secrets.apply (server-side
 * apply as the person) at the secret's home, or where named. The reply is the
 * guide's: keys, type and when, never values.
 */
export const applySubcommand: ClusterSubcommand = {
  name: "apply",
  description: "Create or update the Kubernetes Secret from the vault (shows keys, never values)",
  options: (sub) =>
    withCluster(
      withSecretName(sub).addStringOption((o) =>
        namespaceOption(o, "Where to apply it (default: its home namespace)", false),
      ),
    ),
  async execute({ interaction, api }) {
    const name = interaction.options.getString("name", true).trim();
    const place = await placeOf(api, interaction, name);
    const out = await api.secrets.apply.mutate({ name, ...place });
    return { embeds: [renderSecretApplied(out)] };
  },
};

/**
 * `/secret restore name: version:`: secrets.restoreVersion: a new version
 * with an older one's values, re-applied where the secret is applied. Not
 * destructive (the current values stay a version), so no confirm step.
 */
export const restoreSubcommand: ClusterSubcommand = {
  name: "restore",
  description: "Make an older version current again (re-applied where the secret is applied)",
  options: (sub) =>
    withSecretName(sub).addIntegerOption((o) =>
      o
        .setName("version")
        .setDescription("The version to restore (see /secret versions)")
        .setRequired(true)
        .setMinValue(1),
    ),
  async execute({ interaction, api }) {
    const out = await api.secrets.restoreVersion.mutate({
      name: interaction.options.getString("name", true).trim(),
      version: interaction.options.getInteger("version", true),
    });
    return { embeds: [renderRestored(out)] };
  },
};
