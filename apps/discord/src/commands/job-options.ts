import { type ClusterSummary, splitCommandLine } from "@clustercord/contracts";
import type { SlashCommandSubcommandBuilder } from "discord.js";
import type { ApiClient } from "../api-client";
import { UserError } from "../user-error";
import { clusterOption, namespaceOption } from "./autocomplete";
import { clusterNamedOrOnly } from "./cluster/shared";
import { defaultNamespace } from "./helm/release-ref";

/** A slash command's or an autocomplete's options: both name the cluster, namespace and objects. */
export interface HasOptions {
  options: { getString(name: string): string | null };
}

/**
 * Discord lets a string option hold 6000 characters; the API refuses a
 * command line over 4 KiB with its own message, so the options take more.
 */
const COMMAND_OPTION_MAX = 6000;

export const withCluster = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) => clusterOption(o, false));

export const withNamespace = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) => namespaceOption(o, "The namespace (default: default, or your only one)", false));

export const withImage = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) =>
    o
      .setName("image")
      .setDescription("The container image, e.g. alpine:3.20")
      .setRequired(true)
      .setMaxLength(512),
  );

export const withCommand = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) =>
    o
      .setName("command")
      .setDescription(`The program and its arguments, quoted as in a shell (no pipes), e.g. "echo hello"`)
      .setRequired(true)
      .setMaxLength(COMMAND_OPTION_MAX),
  );

export const withArgs = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) =>
    o.setName("args").setDescription("More arguments, quoted as in a shell").setMaxLength(COMMAND_OPTION_MAX),
  );

export const withEnvFromSecret = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) =>
    o
      .setName("env_from_secret")
      .setDescription("A Secret of the namespace whose keys become environment variables")
      .setMaxLength(253)
      .setAutocomplete(true),
  );

export const withVolume = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) =>
    o
      .setName("volume")
      .setDescription("A PersistentVolumeClaim mounted as <pvc>:/path (add :ro for read-only)")
      .setMaxLength(300)
      .setAutocomplete(true),
  );

/** A Job of the namespace (or `namespace/job`), autocompleted from jobs.list. */
export const withJob = (sub: SlashCommandSubcommandBuilder, description = "The job") =>
  sub.addStringOption((o) =>
    o.setName("job").setDescription(description).setRequired(true).setMaxLength(120).setAutocomplete(true),
  );

export const withCronJob = (sub: SlashCommandSubcommandBuilder, required = true) =>
  sub.addStringOption((o) =>
    o
      .setName("cronjob")
      .setDescription("The CronJob")
      .setRequired(required)
      .setMaxLength(120)
      .setAutocomplete(true),
  );

export const optionalString = (interaction: HasOptions, name: string) =>
  interaction.options.getString(name)?.trim() || undefined;

/** The cluster named by `cluster:`, or the server's only one. */
export const clusterOf = (api: ApiClient, interaction: HasOptions): Promise<ClusterSummary> =>
  clusterNamedOrOnly(api, optionalString(interaction, "cluster"));

/** `namespace:`, or "default" when the person may use it, else their only namespace there. */
export async function namespaceOf(
  api: ApiClient,
  interaction: HasOptions,
  clusterId: string,
): Promise<string> {
  const typed = optionalString(interaction, "namespace");
  if (typed) return typed;
  return defaultNamespace((await api.namespaces.list.query({ clusterId })).namespaces);
}

export interface Target {
  cluster: ClusterSummary;
  namespace: string;
}

/** The cluster and namespace a subcommand acts in. */
export async function targetOf(api: ApiClient, interaction: HasOptions): Promise<Target> {
  const cluster = await clusterOf(api, interaction);
  return { cluster, namespace: await namespaceOf(api, interaction, cluster.id) };
}

/**
 * An object option typed as `name` or `namespace/name`; the namespace in the
 * name wins over `namespace:` (autocomplete offers the short form).
 */
export async function objectTarget(
  api: ApiClient,
  interaction: HasOptions,
  option: "job" | "cronjob",
): Promise<Target & { name: string }> {
  const typed = interaction.options.getString(option)?.trim() ?? "";
  const slash = typed.indexOf("/");
  const cluster = await clusterOf(api, interaction);
  if (slash > 0) return { cluster, namespace: typed.slice(0, slash), name: typed.slice(slash + 1) };
  return { cluster, namespace: await namespaceOf(api, interaction, cluster.id), name: typed };
}

/**
 * An option's text as argv (shell-like quoting, no shell), refused with the
 * option's name when it cannot be split; a blank optional option is none.
 */
export function argvOf(option: "command" | "args", line: string | undefined): string[] {
  if (!line?.trim()) {
    if (option === "args") return [];
    throw new UserError('command: is empty; give the program to run, e.g. command:"echo hello".');
  }
  const split = splitCommandLine(line);
  if (!split.ok) throw new UserError(`${option}: ${split.message}`);
  return split.argv;
}

/**
 * A CronJob's name when `name:` is not given: the image's name and a short
 * random suffix (`backup-7fk2q`), as jobs.run names its Jobs. At most 52
 * characters (a CronJob's Jobs add 11).
 */
export function scheduleNameFor(image: string, suffix: string): string {
  const path = image.split("@")[0] ?? image;
  const last = path.slice(path.lastIndexOf("/") + 1);
  const base =
    last
      .replace(/:[^:]*$/, "")
      .toLowerCase()
      .replaceAll(/[^a-z0-9-]+/g, "-")
      .replaceAll(/^-+|-+$/g, "")
      .slice(0, 52 - suffix.length - 1)
      .replace(/-+$/, "") || "job";
  return `${base}-${suffix}`;
}

/** Five characters of [a-z0-9], as Kubernetes' generated names. */
export const randomSuffix = () =>
  Array.from({ length: 5 }, () => "bcdfghjklmnpqrstvwxz2456789".charAt(Math.floor(Math.random() * 27))).join(
    "",
  );
