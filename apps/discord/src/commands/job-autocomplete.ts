import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from "discord.js";
import type { ApiClient } from "../api-client";
import { choices, clusterOrNamespaceChoices, MAX_CHOICES } from "./autocomplete";
import { optionalString, targetOf } from "./job-options";

/** Every IANA zone this runtime knows (the API validates the one chosen). */
const TIME_ZONES: readonly string[] = [
  "UTC",
  ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC"),
];

/**
 * Choices for `<pvc>:/path` while it is typed: the PVCs whose names match
 * what comes before the colon, each with the path typed so far (or
 * /mnt/<pvc> to start from).
 */
export function volumeChoices(pvcs: readonly string[], typed: string): ApplicationCommandOptionChoiceData[] {
  const colon = typed.indexOf(":");
  const claim = colon < 0 ? typed : typed.slice(0, colon);
  const path = colon < 0 ? "" : typed.slice(colon + 1);
  return choices(pvcs, claim).map(({ name }) => {
    const value = `${name}:${path || `/mnt/${name}`}`;
    return { name: value.slice(0, 100), value: value.slice(0, 100) };
  });
}

/** Names of a kind in the namespace (resources.list, as the person may list them). */
async function namesOf(
  api: ApiClient,
  clusterId: string,
  namespace: string,
  kind: "secrets" | "persistentvolumeclaims",
  search: string,
): Promise<string[]> {
  const page = await api.resources.list.query({
    clusterId,
    kind,
    namespace,
    limit: MAX_CHOICES,
    ...(search ? { search } : {}),
  });
  return page.rows.map((r) => r.name);
}

/**
 * /job's autocomplete: clusters and namespaces as every command offers them,
 * jobs and CronJobs (jobs.list), Secrets and PVCs of the namespace (names
 * only), and time zones.
 */
export async function jobChoices(
  api: ApiClient,
  interaction: AutocompleteInteraction<"cached" | "raw">,
): Promise<ApplicationCommandOptionChoiceData[]> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).slice(0, 100).trim();
  if (focused.name === "cluster" || focused.name === "namespace") {
    return clusterOrNamespaceChoices(api, focused.name, typed, optionalString(interaction, "cluster"));
  }
  if (focused.name === "timezone") return choices(TIME_ZONES, typed);
  const { cluster, namespace } = await targetOf(api, interaction);
  if (focused.name === "job" || focused.name === "cronjob") {
    const list = await api.jobs.list.query({ clusterId: cluster.id, namespace });
    const cron = focused.name === "cronjob" || interaction.options.getString("kind") === "CronJob";
    const names = cron
      ? list.cronJobs.map((c) => c.name)
      : [...list.jobs].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).map((j) => j.name);
    return choices(names, typed);
  }
  if (focused.name === "env_from_secret") {
    return choices(await namesOf(api, cluster.id, namespace, "secrets", typed), typed);
  }
  if (focused.name === "volume") {
    const claim = typed.split(":")[0] ?? "";
    return volumeChoices(await namesOf(api, cluster.id, namespace, "persistentvolumeclaims", claim), typed);
  }
  return [];
}
