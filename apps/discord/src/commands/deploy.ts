import type { RolloutsHistoryOutput } from "@clustercord/contracts";
import {
  type ApplicationCommandOptionChoiceData,
  type AutocompleteInteraction,
  SlashCommandBuilder,
} from "discord.js";
import type { ApiClient } from "../api-client";
import { UserError } from "../user-error";
import { choices, clusterOrNamespaceChoices, MAX_CHOICES } from "./autocomplete";
import { clusterNamedOrOnly } from "./cluster/shared";
import type { ClusterSubcommand } from "./cluster/types";
import { rolloutsApi } from "./deploy-api";
import {
  abortSubcommand,
  canaryButtons,
  canaryStatusSubcommand,
  canarySubcommand,
  promoteSubcommand,
} from "./deploy-canary";
import { rolloutSubcommands } from "./deploy-rollout";
import { kindKeys, kindOf, parseWorkload, rolloutTarget, targetOf } from "./deploy-target";
import { undoCancelButton, undoConfirmButton } from "./deploy-undo";
import type { ButtonHandler, SlashCommand } from "./types";

/** `/deploy canary…`: top-level subcommands next to the `rollout` group. */
const canarySubcommands: readonly ClusterSubcommand[] = [
  canarySubcommand,
  canaryStatusSubcommand,
  promoteSubcommand,
  abortSubcommand,
];

function definition() {
  const builder = new SlashCommandBuilder()
    .setName("deploy")
    .setDescription("Rollouts (status, pause, resume, undo, history, restart, scale) and canary releases");
  builder.addSubcommandGroup((group) => {
    group
      .setName("rollout")
      .setDescription("Watch and steer a Deployment's, StatefulSet's or DaemonSet's rollout");
    for (const s of rolloutSubcommands) {
      group.addSubcommand((sub) => {
        const named = sub.setName(s.name).setDescription(s.description);
        return s.options ? s.options(named) : named;
      });
    }
    return group;
  });
  for (const s of canarySubcommands) {
    builder.addSubcommand((sub) => {
      const named = sub.setName(s.name).setDescription(s.description);
      return s.options ? s.options(named) : named;
    });
  }
  return builder.toJSON();
}

const rolloutByName = new Map(rolloutSubcommands.map((s) => [s.name, s]));
const canaryByName = new Map(canarySubcommands.map((s) => [s.name, s]));

/** A revision as an autocomplete choice: `3 (current) · nginx:1.25 · change-cause`, its value the number. */
export function revisionChoices(
  history: RolloutsHistoryOutput,
  typed: string,
): ApplicationCommandOptionChoiceData[] {
  const q = typed.trim();
  return history.revisions
    .filter((r) => !q || String(r.revision).startsWith(q))
    .slice(0, MAX_CHOICES)
    .map((r) => {
      const parts = [
        `${r.revision}${r.current ? " (current)" : ""}`,
        r.images.join(", "),
        r.changeCause ?? "",
      ].filter(Boolean);
      const name = parts.join(" · ");
      return { name: name.length <= 100 ? name : `${name.slice(0, 99)}…`, value: r.revision };
    });
}

/** Workload names as choices: `name` when one namespace is meant, else `namespace/name`. */
export function workloadChoices(
  rows: readonly { name: string; namespace: string }[],
  typed: string,
  namespaceGiven: boolean,
): ApplicationCommandOptionChoiceData[] {
  const namespaces = new Set(rows.map((r) => r.namespace));
  const bare = namespaceGiven || namespaces.size <= 1;
  return choices(
    rows.map((r) => (bare ? r.name : `${r.namespace}/${r.name}`)),
    typed,
  );
}

async function deployChoices(
  api: ApiClient,
  interaction: AutocompleteInteraction<"cached" | "raw">,
): Promise<ApplicationCommandOptionChoiceData[]> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).slice(0, 127).trim();
  const clusterName = interaction.options.getString("cluster")?.trim() || undefined;
  if (focused.name === "cluster" || focused.name === "namespace") {
    return clusterOrNamespaceChoices(api, focused.name, typed, clusterName);
  }
  if (focused.name === "deployment") {
    const cluster = await clusterNamedOrOnly(api, clusterName).catch(() => null);
    if (!cluster) return [];
    const parsed = parseWorkload(typed);
    const namespace = parsed.namespace || interaction.options.getString("namespace")?.trim() || undefined;
    const { rows } = await api.resources.list.query({
      clusterId: cluster.id,
      kind: kindKeys[kindOf(interaction)],
      ...(namespace ? { namespace } : {}),
      ...(parsed.name ? { search: parsed.name } : {}),
      limit: 100,
    });
    return workloadChoices(rows, parsed.namespace ? parsed.name : typed, Boolean(namespace));
  }
  if (focused.name === "revision") {
    const target = await targetOf(api, interaction).catch(() => null);
    if (!target) return [];
    const history = await rolloutsApi(api).history(rolloutTarget(target));
    return revisionChoices(history, typed);
  }
  return [];
}

/**
 * `/deploy`: rollouts and canaries. Replies are public: the team watches a
 * rollout together; Confirm buttons answer only the person who planned.
 */
export const deployCommand: SlashCommand = {
  definition: definition(),
  ephemeral: false,
  async execute(ctx) {
    const group = ctx.interaction.options.getSubcommandGroup(false);
    const name = ctx.interaction.options.getSubcommand(false) ?? "";
    const sub = group === "rollout" ? rolloutByName.get(name) : group ? undefined : canaryByName.get(name);
    if (!sub)
      throw new UserError(
        `/deploy has no subcommand ${[group, name].filter(Boolean).join(" ") || "(none given)"}.`,
      );
    return sub.execute(ctx);
  },
  autocomplete: ({ interaction, api }) => deployChoices(api, interaction),
};

export const deployButtons: readonly ButtonHandler[] = [
  undoConfirmButton,
  undoCancelButton,
  ...canaryButtons,
];
