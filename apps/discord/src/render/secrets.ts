import type {
  SecretsApplyOutput,
  SecretsCreateOutput,
  SecretsDiffOutput,
  SecretsPlanRotateOutput,
  SecretsRestoreVersionOutput,
  SecretsRotateOutput,
  SecretsVersionsOutput,
  VaultSecretSummary,
} from "@clustercord/contracts";
import type { APIEmbed, APIEmbedField } from "discord.js";
import { discordTime } from "./jobs";
import { renderPlan } from "./plan";
import { colors, fitFields, plain } from "./style";

/**
 * The vault's replies (guide feature 9). Pure, and built only from what the
 * secrets.* procedures answer: names, keys, types, versions and places.
 * There is no value in any input here, so none can reach a message.
 */

const NOT_SHOWN = "Values not shown for security";
export const VALUES_NOT_SHOWN = `⚠️ ${NOT_SHOWN}`;

/**
 * The footer of a reply that read an attachment. A file attached to a slash
 * command is not a message, so the bot cannot delete it as it would a posted
 * file; the person is told where it stays.
 */
export const fileReadNote = (filename: string) =>
  `📎 ${filename.slice(0, 100)} was read and not kept by ClusterCord. Files attached to slash commands ` +
  "are not messages the bot can delete; Discord keeps them with this private reply.";

/** "a, b, c" cut to `max` characters with how many more there were. */
export function keyList(keys: readonly string[], max = 1000): string {
  if (keys.length === 0) return "(none)";
  const shown: string[] = [];
  let used = 0;
  for (const key of keys) {
    const text = plain(key, 253);
    if (used + text.length + 2 > max - 20) break;
    shown.push(text);
    used += text.length + 2;
  }
  const more = keys.length - shown.length;
  return `${shown.join(", ")}${more > 0 ? ` … and ${more} more` : ""}`;
}

const withFooter = (embed: APIEmbed, footer?: string): APIEmbed =>
  footer ? { ...embed, footer: { text: footer } } : embed;

/** A Discord user id as a mention (never pings: the worker sends no allowed mentions); anything else as text. */
const person = (who: string) => (/^\d{15,20}$/.test(who) ? `<@${who}>` : plain(who, 100));

/** Where the secret lives: "namespace 'prod' on shared". */
const place = (namespace: string, clusterName: string) => `'${namespace}' on ${clusterName}`;

/** `/secret create`: the stored secret, by keys and type. */
export function renderSecretCreated(
  out: SecretsCreateOutput,
  view: { clusterName: string; filename?: string },
): APIEmbed {
  const s = out.secret;
  return withFooter(
    {
      title: `🔐 ${plain(out.message, 250)}`,
      color: colors.ok,
      description: [
        `**Keys:** ${keyList(s.keys)}`,
        `**Type:** ${s.type}`,
        `**Home:** namespace ${plain(place(s.namespace, view.clusterName), 300)}`,
        `**Version:** ${s.version}`,
        "",
        `Put it in the cluster with \`/secret apply name:${s.name}\`.`,
      ].join("\n"),
    },
    view.filename ? fileReadNote(view.filename) : undefined,
  );
}

/** The guide's reply to apply: keys, type and when, never values. */
export function renderSecretApplied(out: SecretsApplyOutput): APIEmbed {
  return {
    // The guide's words, built here so they do not depend on the API's sentence.
    title: `✅ Secret '${plain(out.name, 100)}' applied to namespace '${plain(out.namespace, 63)}'`,
    color: colors.ok,
    description: [
      `**Keys:** ${keyList(out.keys)}`,
      `**Type:** ${out.type}`,
      `**Last updated:** ${discordTime(out.appliedAt)}`,
    ].join("\n"),
    footer: {
      text: `Version ${out.version} · cluster ${out.clusterName} · ${
        { created: "Secret created", updated: "Secret updated", unchanged: "already up to date" }[out.result]
      }`,
    },
  };
}

function summaryField(s: VaultSecretSummary, clusterNames: ReadonlyMap<string, string>): APIEmbedField {
  const cluster = (id: string) => clusterNames.get(id) ?? id;
  const placed = s.placements.length
    ? s.placements.map((p) => `${plain(place(p.namespace, p.clusterName), 200)} (v${p.version})`).join(", ")
    : "not applied yet";
  const value = [
    `**Keys:** ${keyList(s.keys, 400)}`,
    `**Type:** ${s.type} · v${s.version} · updated ${discordTime(s.updatedAt)}`,
    `**Home:** ${plain(place(s.namespace, cluster(s.clusterId)), 200)}`,
    `**Applied:** ${placed.length > 300 ? `${placed.slice(0, 299)}…` : placed}`,
  ].join("\n");
  return { name: `🔐 ${plain(s.name, 240)}`, value: value.slice(0, 1024) };
}

/** `/secret list`: each secret's keys, type, version, last update and places. */
export function renderSecretList(
  secrets: readonly VaultSecretSummary[],
  view: { namespace?: string | undefined; clusterNames: ReadonlyMap<string, string> },
): APIEmbed {
  const where = view.namespace ? ` in '${plain(view.namespace, 63)}'` : "";
  if (secrets.length === 0) {
    return {
      title: `Secrets${where}`,
      color: colors.brand,
      description:
        "No secrets in this server's vault yet. Create one with `/secret create` or on the web's Secrets page.",
    };
  }
  const { fields, omitted } = fitFields(secrets.map((s) => summaryField(s, view.clusterNames)));
  return {
    title: `Secrets${where} (${secrets.length})`,
    color: colors.brand,
    fields,
    footer: {
      text: `${omitted > 0 ? `${omitted} more not shown; see the web's Secrets page. ` : ""}${NOT_SHOWN}.`,
    },
  };
}

/** The guide's diff: keys added, removed and updated, ending with "Values not shown". */
export function renderSecretDiff(name: string, out: SecretsDiffOutput, filename?: string): APIEmbed {
  const same = out.added.length + out.removed.length + out.changed.length === 0;
  const lines = same
    ? [
        `No differences: the same ${out.unchanged.length} key${out.unchanged.length === 1 ? "" : "s"} and values.`,
      ]
    : [
        ...(out.added.length ? [`**Keys added:** ${keyList(out.added, 1200)}`] : []),
        ...(out.removed.length ? [`**Keys removed:** ${keyList(out.removed, 1200)}`] : []),
        ...(out.changed.length ? [`**Keys updated:** ${keyList(out.changed, 1200)} (value changed)`] : []),
        ...(out.unchanged.length ? [`**Unchanged:** ${keyList(out.unchanged, 600)}`] : []),
      ];
  return withFooter(
    {
      title: `Secret '${plain(name, 200)}' vs ${plain(out.against, 200)}`,
      color: same ? colors.ok : colors.warn,
      // The contract says the note is always this; the guide's words are kept whatever it says.
      description: `${lines.join("\n")}\n\n${VALUES_NOT_SHOWN}`,
    },
    filename ? fileReadNote(filename) : undefined,
  );
}

/** Rotate's plan: the keys that get new values, where it is re-applied, what restarts. */
export function renderRotatePlan(plan: SecretsPlanRotateOutput): APIEmbed {
  const base = renderPlan(plan);
  const places = plan.placements.map((p) => place(p.namespace, p.clusterName));
  const fields: APIEmbedField[] = [
    { name: "New values for", value: keyList(plan.keys) },
    { name: "Re-applied to", value: places.length ? keyList(places) : "nowhere (not applied yet)" },
    { name: "Restarted", value: plan.restarts.length ? keyList(plan.restarts) : "no Deployments" },
  ];
  return { ...base, fields };
}

export function renderRotated(out: SecretsRotateOutput): APIEmbed {
  const places = out.reapplied.map((p) => place(p.namespace, p.clusterName));
  return {
    title: `🔄 ${plain(out.message, 250)}`,
    color: colors.ok,
    description: [
      `**New values for:** ${keyList(out.keys)}`,
      `**Version:** ${out.version}`,
      `**Re-applied to:** ${places.length ? keyList(places) : "nowhere (not applied yet)"}`,
      `**Restarted:** ${out.restarted.length ? keyList(out.restarted) : "none"}`,
      "",
      VALUES_NOT_SHOWN,
    ].join("\n"),
  };
}

/** `/secret versions`: newest first, with who made each and why. */
export function renderSecretVersions(out: SecretsVersionsOutput): APIEmbed {
  const versions = [...out.versions].sort((a, b) => b.version - a.version);
  const { fields, omitted } = fitFields(
    versions.map((v) => ({
      name: `v${v.version}${v.version === out.current ? " (current)" : ""} · ${v.reason}`,
      value: [
        `${discordTime(v.createdAt)} by ${person(v.createdBy)}`,
        ...(v.note ? [plain(v.note, 200)] : []),
        `**Keys:** ${keyList(v.keys, 600)}`,
      ].join("\n"),
    })),
  );
  return {
    title: `Versions of '${plain(out.name, 200)}'`,
    color: colors.brand,
    fields,
    footer: {
      text: `${omitted > 0 ? `${omitted} older not shown. ` : ""}Restore one with /secret restore name:${out.name.slice(0, 100)} version:<n>.`,
    },
  };
}

export function renderRestored(out: SecretsRestoreVersionOutput): APIEmbed {
  const places = out.reapplied.map((p) => place(p.namespace, p.clusterName));
  return {
    title: `⏪ ${plain(out.message, 250)}`,
    color: colors.ok,
    description: [
      `**Version:** ${out.version} (the values of v${out.restoredFrom})`,
      `**Re-applied to:** ${places.length ? keyList(places) : "nowhere (not applied yet)"}`,
    ].join("\n"),
  };
}
