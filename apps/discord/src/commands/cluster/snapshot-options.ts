import { NamespaceName, type SnapshotSummary } from "@clustercord/contracts";
import type {
  ApplicationCommandOptionChoiceData,
  AutocompleteInteraction,
  SlashCommandSubcommandBuilder,
} from "discord.js";
import type { ApiClient } from "../../api-client";
import { UserError } from "../../user-error";
import { clusterOption, clusterOrNamespaceChoices, MAX_CHOICES, namespaceOption } from "../autocomplete";
import { snapshotsApi } from "./snapshot-api";

/** The value of `to:` that diffs against the cluster as it is now. */
export const LIVE = "live";

/** An `id` option naming a snapshot (autocompleted from snapshots.list). */
export const withSnapshotId =
  (name = "id", description = "The snapshot's id (pick from the list)") =>
  (sub: SlashCommandSubcommandBuilder) =>
    sub.addStringOption((o) =>
      o.setName(name).setDescription(description).setRequired(true).setMaxLength(64).setAutocomplete(true),
    );

export const withRequiredCluster = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) => clusterOption(o, true));

export const withOptionalCluster = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) => clusterOption(o, false));

/** `scope:` and `namespaces:`, as snapshots.create and snapshots.schedule take them. */
export const withScope = (sub: SlashCommandSubcommandBuilder) =>
  sub
    .addStringOption((o) =>
      o
        .setName("scope")
        .setDescription("Your namespaces (default), or the whole cluster (admins of a dedicated cluster)")
        .addChoices(
          { name: "my namespaces", value: "namespaces" },
          { name: "whole cluster", value: "cluster" },
        ),
    )
    .addStringOption((o) =>
      namespaceOption(o, "Only these of your namespaces, separated by commas (default: all of them)", false)
        .setName("namespaces")
        .setMaxLength(2000),
    );

/** A trimmed string option, undefined when empty. */
export const optional = (
  interaction: { options: { getString(name: string): string | null } },
  name: string,
) => interaction.options.getString(name)?.trim() || undefined;

/** `a, b c` → ["a", "b", "c"], each checked as a namespace name (the API checks the person may use them). */
export function parseNamespaces(text: string | undefined): string[] | undefined {
  if (!text) return undefined;
  const names = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  const bad = names.find((n) => !NamespaceName.safeParse(n).success);
  if (bad !== undefined) {
    throw new UserError(
      `namespaces: ${bad.slice(0, 80)} is not a namespace name (lowercase letters, digits and '-', at most 63).`,
    );
  }
  return names.length ? names : undefined;
}

/** A snapshot as a choice: `description · cluster · 3 Dec 14:05 · ready`, its value the id. */
export function snapshotChoices(
  snapshots: readonly SnapshotSummary[],
  typed: string,
  options: { live?: boolean } = {},
): ApplicationCommandOptionChoiceData[] {
  const q = typed.trim().toLowerCase();
  const newest = [...snapshots].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const hits = newest.filter(
    (s) => !q || s.id.toLowerCase().includes(q) || s.description.toLowerCase().includes(q),
  );
  const choices = hits.map((s) => {
    const when = new Date(s.createdAt).toISOString().slice(0, 16).replace("T", " ");
    const name = [s.description || s.id, s.clusterName, when, s.status].join(" · ");
    return { name: name.length <= 100 ? name : `${name.slice(0, 99)}…`, value: s.id };
  });
  const live =
    options.live && (!q || LIVE.includes(q))
      ? [{ name: "live (the cluster as it is now)", value: LIVE }]
      : [];
  return [...live, ...choices].slice(0, MAX_CHOICES);
}

/**
 * `/cluster snapshot …` autocomplete: clusters and namespaces as every
 * command offers them, snapshot ids (snapshots.list; `to:` also offers
 * "live"), schedule ids (snapshots.schedules).
 */
export async function snapshotChoicesFor(
  api: ApiClient,
  interaction: AutocompleteInteraction<"cached" | "raw">,
): Promise<ApplicationCommandOptionChoiceData[]> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).slice(0, 100);
  const sub = interaction.options.getSubcommand(false);
  if (focused.name === "cluster") return clusterOrNamespaceChoices(api, "cluster", typed, undefined);
  if (focused.name === "namespaces") {
    // The last name being typed after the commas; the ones before stay as typed.
    const head = typed.slice(0, Math.max(typed.lastIndexOf(",") + 1, 0));
    const last = typed.slice(head.length).trim();
    const found = await clusterOrNamespaceChoices(api, "namespace", last, optional(interaction, "cluster"));
    return found
      .map(({ name }) => `${head ? `${head.trimEnd()} ` : ""}${name}`)
      .filter((v) => v.length <= 100)
      .map((v) => ({ name: v, value: v }));
  }
  const s = snapshotsApi(api);
  if (focused.name === "id" && sub === "unschedule") {
    const { schedules } = await s.schedules({});
    return schedules
      .filter((x) => x.id.includes(typed.trim()))
      .slice(0, MAX_CHOICES)
      .map((x) => ({
        name: `${x.clusterName} · ${x.every}, keep ${x.keep}${x.description ? ` · ${x.description}` : ""}`.slice(
          0,
          100,
        ),
        value: x.id,
      }));
  }
  if (focused.name === "id" || focused.name === "from" || focused.name === "to") {
    const { snapshots } = await s.list({});
    const ready = focused.name === "id" ? snapshots : snapshots.filter((x) => x.status === "ready");
    return snapshotChoices(ready, typed, { live: focused.name === "to" });
  }
  return [];
}
