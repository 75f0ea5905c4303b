import { renderSecretDiff } from "../render/secrets";
import { UserError } from "../user-error";
import { namespaceOption } from "./autocomplete";
import type { ClusterSubcommand } from "./cluster/types";
import { withCluster } from "./job-options";
import { placeOf, readSecretFile, withSecretFile, withSecretName } from "./secret-options";

export const DIFF_NEEDS_ONE =
  "Give file:<a .env, YAML or JSON file> or live:true (the Kubernetes Secret), not both.";

/**
 * `/secret diff name: file:<file>` or `live:true [namespace:] [cluster:]`:
 * secrets.diff: keys added, removed and changed, compared by keyed hash in
 * the API. The reply names keys and ends with "Values not shown".
 */
export const diffSubcommand: ClusterSubcommand = {
  name: "diff",
  description: "Which keys a file (or the live Secret) adds, removes or changes; values are not shown",
  options: (sub) =>
    withCluster(
      withSecretFile(
        withSecretName(sub),
        "file",
        "The new values to compare: a .env, YAML or JSON file",
        false,
      )
        .addBooleanOption((o) =>
          o
            .setName("live")
            .setDescription("Compare with the Kubernetes Secret in the cluster instead of a file"),
        )
        .addStringOption((o) =>
          namespaceOption(o, "With live: where the Secret is (default: its home)", false),
        ),
    ),
  async execute({ interaction, api }) {
    const name = interaction.options.getString("name", true).trim();
    const file = interaction.options.getAttachment("file");
    const live = interaction.options.getBoolean("live") ?? false;
    if (Boolean(file) === live) throw new UserError(DIFF_NEEDS_ONE);
    if (file) {
      const { kind, filename, format, content } = await readSecretFile(file);
      const out = await api.secrets.diff.mutate({ name, against: { kind, filename, format, content } });
      return { embeds: [renderSecretDiff(name, out, file.name)] };
    }
    const place = await placeOf(api, interaction, name);
    const out = await api.secrets.diff.mutate({ name, against: { kind: "live", ...place } });
    return { embeds: [renderSecretDiff(name, out)] };
  },
};
