import { MAX_SECRET_BYTES, type VaultSecretSummary } from "@clustercord/contracts";
import type { SlashCommandSubcommandBuilder } from "discord.js";
import type { ApiClient } from "../api-client";
import { type AttachmentLike, downloadAttachmentText } from "../attachment-text";
import { UserError } from "../user-error";
import { clusterNamed } from "./cluster/shared";
import { type HasOptions, optionalString } from "./job-options";

/** The vault secret's name (autocompleted from secrets.list). */
export const withSecretName = (sub: SlashCommandSubcommandBuilder, description = "The vault secret's name") =>
  sub.addStringOption((o) =>
    o.setName("name").setDescription(description).setRequired(true).setMaxLength(253).setAutocomplete(true),
  );

const ACCEPTED = "attach a .env, YAML or JSON file of keys and values";

/** An attachment option for a secret file (.env, YAML or JSON map). */
export const withSecretFile = (
  sub: SlashCommandSubcommandBuilder,
  name: "data" | "file",
  description: string,
  required: boolean,
) =>
  sub.addAttachmentOption((o) =>
    o.setName(name).setDescription(`${description} (at most 1 MiB)`).setRequired(required),
  );

/** The file's text as secrets.* takes it (the API parses and checks it: keys, duplicates, type, size). */
export async function readSecretFile(attachment: AttachmentLike): Promise<{
  kind: "file";
  filename: string;
  format: "auto";
  content: string;
}> {
  const content = await downloadAttachmentText(attachment, {
    maxBytes: MAX_SECRET_BYTES,
    tooLarge: (size) =>
      new UserError(
        `${attachment.name}${size ? ` is ${(size / (1024 * 1024)).toFixed(1)} MiB;` : " is too large;"} ` +
          "a secret file may be at most 1 MiB. Nothing was stored.",
      ),
    notText: `${ACCEPTED}.`,
  });
  return { kind: "file", filename: attachment.name.slice(0, 255), format: "auto", content };
}

/** The vault secret called `name` (secrets.list, as the person may see it). */
export async function secretNamed(api: ApiClient, name: string): Promise<VaultSecretSummary> {
  const { secrets } = await api.secrets.list.query({});
  const found = secrets.find((s) => s.name === name);
  if (found) return found;
  const known = secrets.map((s) => s.name);
  const hint = known.length
    ? ` Secrets here: ${known.slice(0, 10).join(", ")}${known.length > 10 ? ", …" : ""}.`
    : "";
  throw new UserError(`No secret named ${name} in this server's vault.${hint}`);
}

/**
 * Where to put or read the secret when it is not its home: `cluster:` and
 * `namespace:` (the API takes both or neither), a missing one taken from the
 * secret's home. Neither given: undefined (the API uses the home).
 */
export async function placeOf(
  api: ApiClient,
  interaction: HasOptions,
  name: string,
): Promise<{ clusterId: string; namespace: string } | undefined> {
  const clusterName = optionalString(interaction, "cluster");
  const namespace = optionalString(interaction, "namespace");
  if (!clusterName && !namespace) return undefined;
  const home = clusterName && namespace ? undefined : await secretNamed(api, name);
  return {
    clusterId: clusterName ? (await clusterNamed(api, clusterName)).id : (home?.clusterId ?? ""),
    namespace: namespace ?? home?.namespace ?? "",
  };
}

/** The person's clusters by id, for naming a secret's home. */
export async function clusterNames(api: ApiClient): Promise<Map<string, string>> {
  const { clusters } = await api.clusters.list.query();
  return new Map(clusters.map((c) => [c.id, c.name]));
}
