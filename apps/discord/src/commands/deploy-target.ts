import type { RolloutKind } from "@clustercord/contracts";
import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  SlashCommandSubcommandBuilder,
} from "discord.js";
import type { ApiClient } from "../api-client";
import { UserError } from "../user-error";
import { clusterOption, namespaceOption } from "./autocomplete";
import { clusterNamedOrOnly } from "./cluster/shared";

type Interaction = ChatInputCommandInteraction<"cached" | "raw"> | AutocompleteInteraction<"cached" | "raw">;

/** The workload a /deploy command is about, as the rollouts procedures take it. */
export interface DeployTarget {
  clusterId: string;
  clusterName: string;
  namespace: string;
  kind: RolloutKind;
  name: string;
}

/** resources.list's kind key for each workload kind. */
export const kindKeys: Record<RolloutKind, string> = {
  Deployment: "deployments",
  StatefulSet: "statefulsets",
  DaemonSet: "daemonsets",
};

/** One letter per kind, for button custom ids (100 characters hold little). */
export const kindCodes: Record<RolloutKind, string> = { Deployment: "d", StatefulSet: "s", DaemonSet: "a" };
export const kindOfCode = (letter: string | undefined): RolloutKind | null =>
  (Object.entries(kindCodes).find(([, c]) => c === letter)?.[0] as RolloutKind | undefined) ?? null;

/** `deployment:` (required, autocompleted) as `name` or `namespace/name`. */
export const withWorkload = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) =>
    o
      .setName("deployment")
      .setDescription("The Deployment (its name, or namespace/name)")
      .setRequired(true)
      .setMaxLength(127)
      .setAutocomplete(true),
  );

/** The optional `namespace:`, `cluster:` and `kind:` options every /deploy subcommand ends with. */
export const withWhere = (sub: SlashCommandSubcommandBuilder, kinds = true) => {
  sub
    .addStringOption((o) => namespaceOption(o, "The namespace (default: where the deployment is)", false))
    .addStringOption((o) => clusterOption(o, false));
  if (kinds) {
    sub.addStringOption((o) =>
      o
        .setName("kind")
        .setDescription("A StatefulSet or DaemonSet instead of a Deployment")
        .addChoices(
          { name: "Deployment", value: "Deployment" },
          { name: "StatefulSet", value: "StatefulSet" },
          { name: "DaemonSet", value: "DaemonSet" },
        ),
    );
  }
  return sub;
};

export const kindOf = (interaction: Interaction): RolloutKind => {
  const kind = interaction.options.getString("kind");
  return kind === "StatefulSet" || kind === "DaemonSet" ? kind : "Deployment";
};

/** `namespace/name` split; a bare name has no namespace. */
export function parseWorkload(text: string): { namespace: string | null; name: string } {
  const trimmed = text.trim();
  const slash = trimmed.indexOf("/");
  if (slash === -1) return { namespace: null, name: trimmed };
  return { namespace: trimmed.slice(0, slash).trim() || null, name: trimmed.slice(slash + 1).trim() };
}

/**
 * The namespace of the one workload `name` among `rows` (what resources.list
 * showed the person). Several or none: a message saying what to do.
 */
export function pickNamespace(
  rows: readonly { name: string; namespace: string }[],
  name: string,
  kind: RolloutKind,
): string {
  const matches = rows.filter((r) => r.name === name);
  const [only] = matches;
  if (only && matches.length === 1) return only.namespace;
  if (matches.length > 1) {
    const where = matches.map((m) => m.namespace).slice(0, 10);
    throw new UserError(
      `There is a ${kind} ${name} in ${matches.length} namespaces: say which with namespace: (${where.join(", ")}).`,
    );
  }
  throw new UserError(`No ${kind} named ${name} in your namespaces. Give namespace: if it is new.`);
}

/** The workload the options name, its namespace looked up when none is given. */
export async function targetOf(api: ApiClient, interaction: Interaction): Promise<DeployTarget> {
  const cluster = await clusterNamedOrOnly(
    api,
    interaction.options.getString("cluster")?.trim() || undefined,
  );
  const kind = kindOf(interaction);
  const parsed = parseWorkload(interaction.options.getString("deployment") ?? "");
  if (!parsed.name) throw new UserError("Say which deployment: `deployment:<name>`.");
  let namespace = parsed.namespace || interaction.options.getString("namespace")?.trim() || null;
  if (!namespace) {
    const { rows } = await api.resources.list.query({
      clusterId: cluster.id,
      kind: kindKeys[kind],
      search: parsed.name,
      limit: 100,
    });
    namespace = pickNamespace(rows, parsed.name, kind);
  }
  return { clusterId: cluster.id, clusterName: cluster.name, namespace, kind, name: parsed.name };
}

/** What rollouts.* take for a target. */
export const rolloutTarget = (t: DeployTarget) => ({
  clusterId: t.clusterId,
  namespace: t.namespace,
  kind: t.kind,
  name: t.name,
});
