import type { DiagnoseTarget } from "@clustercord/contracts";
import { SlashCommandBuilder } from "discord.js";
import type { ApiClient } from "../api-client";
import { renderDiagnosis, renderHealth } from "../render/diagnostics";
import { UserError } from "../user-error";
import {
  choices,
  clusterOption,
  clusterOrNamespaceChoices,
  MAX_CHOICES,
  namespaceOption,
} from "./autocomplete";
import { clusterNamedOrOnly } from "./cluster/shared";
import { askAndFollow, questionOption } from "./diagnose-ai";
import { fixRows } from "./diagnose-fix";
import type { SlashCommand } from "./types";

/** The target options, exactly one of which is given: option name → kind and resource key. */
const TARGETS = {
  pod: { kind: "Pod", key: "pods" },
  deployment: { kind: "Deployment", key: "deployments" },
  node: { kind: "Node", key: "nodes" },
} as const;
type TargetOption = keyof typeof TARGETS;
const TARGET_OPTIONS = Object.keys(TARGETS) as TargetOption[];

/** The one namespace of the person's where a `key` object called `name` is (as /describe looks it up). */
async function namespaceOf(
  api: ApiClient,
  clusterId: string,
  option: Exclude<TargetOption, "node">,
  name: string,
): Promise<string> {
  const { kind, key } = TARGETS[option];
  const found = await api.resources.list.query({ clusterId, kind: key, search: name, limit: 100 });
  if (found.problem) throw new UserError(found.problem.message);
  const exact = [...new Set(found.rows.filter((r) => r.name === name).map((r) => r.namespace))];
  const [only] = exact;
  if (exact.length === 1 && only) return only;
  throw new UserError(
    exact.length
      ? `There is a ${kind} "${name}" in ${exact.join(", ")}: pick one with namespace:.`
      : `No ${kind} "${name}" in your namespaces.`,
  );
}

/**
 * `/diagnose [pod:|deployment:|node:] [namespace:] [cluster:]`: diagnostics.run
 * as the person, the findings shown to them alone (evidence can quote log
 * lines and events the channel may not be allowed to read). Without a
 * namespace, a pod or deployment is looked up in all of theirs. With no
 * target, the namespace alone is diagnosed as a whole, and with neither,
 * diagnostics.cluster's pass over all the person may read (the web's Health page).
 */
export const diagnoseCommand: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName("diagnose")
    .setDescription(
      "Find what is wrong with a pod, deployment, node, namespace, or (none given) the whole cluster",
    )
    .addStringOption((o) =>
      o.setName("pod").setDescription("A pod's name").setMaxLength(253).setAutocomplete(true),
    )
    .addStringOption((o) =>
      o
        .setName("deployment")
        .setDescription("A deployment's name (its pods are diagnosed together)")
        .setMaxLength(253)
        .setAutocomplete(true),
    )
    .addStringOption((o) =>
      o.setName("node").setDescription("A node's name").setMaxLength(253).setAutocomplete(true),
    )
    .addStringOption((o) =>
      namespaceOption(
        o,
        "The pod's or deployment's namespace (default: look in all of yours); alone, diagnose it",
        false,
      ),
    )
    .addStringOption((o) => clusterOption(o, false))
    .addStringOption(questionOption)
    .toJSON(),
  ephemeral: true,
  async execute({ interaction, api, webUrl }) {
    const given = TARGET_OPTIONS.flatMap((option) => {
      const name = interaction.options.getString(option)?.trim();
      return name ? [{ option, name }] : [];
    });
    if (given.length > 1)
      throw new UserError(
        "Say what to diagnose with at most one of pod:, deployment: or node: (none: the whole cluster).",
      );
    const cluster = await clusterNamedOrOnly(api, interaction.options.getString("cluster")?.trim());
    const view = { clusterId: cluster.id, clusterName: cluster.name, webUrl };
    const namespaceGiven = interaction.options.getString("namespace")?.trim();
    const [picked] = given;
    const question = interaction.options.getString("question")?.trim();
    if (question && !picked && !namespaceGiven)
      throw new UserError(
        "Ask about a pod:, deployment:, node: or namespace: (question: needs one of them).",
      );
    let target: DiagnoseTarget;
    if (!picked) {
      if (!namespaceGiven) {
        const out = await api.diagnostics.cluster.query({ clusterId: cluster.id });
        return { embeds: [renderHealth(out, view)] };
      }
      target = { kind: "Namespace", name: namespaceGiven };
    } else if (picked.option === "node") {
      target = { kind: "Node", name: picked.name };
    } else {
      const { option, name } = picked;
      const namespace = namespaceGiven || (await namespaceOf(api, cluster.id, option, name));
      target = { kind: TARGETS[option].kind, namespace, name };
    }
    if (question)
      return askAndFollow(interaction, api, { clusterId: cluster.id, target, question }, view, (out) =>
        fixRows(out, cluster.id),
      );
    const out = await api.diagnostics.run.query({ clusterId: cluster.id, target });
    return { embeds: [renderDiagnosis(out, view)], components: fixRows(out, cluster.id) };
  },
  async autocomplete({ interaction, api }) {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value).slice(0, 100);
    const clusterName = interaction.options.getString("cluster")?.trim();
    if (focused.name === "cluster" || focused.name === "namespace")
      return clusterOrNamespaceChoices(api, focused.name, typed, clusterName);
    const option = TARGET_OPTIONS.find((o) => o === focused.name);
    if (!option) return [];
    const { key } = TARGETS[option];
    const cluster = await clusterNamedOrOnly(api, clusterName);
    const namespace = interaction.options.getString("namespace")?.trim();
    const page = await api.resources.list.query({
      clusterId: cluster.id,
      kind: key,
      ...(key !== "nodes" && namespace ? { namespace } : {}),
      ...(typed.trim() ? { search: typed.trim() } : {}),
      limit: MAX_CHOICES,
    });
    return choices([...new Set(page.rows.map((r) => r.name))], typed);
  },
};
