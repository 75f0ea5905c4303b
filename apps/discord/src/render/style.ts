import type { Role } from "@clustercord/contracts";
import { type APIEmbedField, escapeMarkdown } from "discord.js";

export const colors = {
  brand: 0x326ce5,
  ok: 0x2ea043,
  warn: 0xbf8700,
  error: 0xd1242f,
} as const;

export const roleColors: Record<Role, number> = {
  viewer: 0x8b949e,
  operator: 0x1f6feb,
  admin: 0x8250df,
};

/** Discord's limits on one embed. */
export const embedLimits = { fields: 25, description: 4096, total: 6000 } as const;

/** Text from the API shown verbatim: markdown escaped and cut to Discord's limits. */
export function plain(text: string, max: number): string {
  const escaped = escapeMarkdown(text);
  return escaped.length <= max ? escaped : `${escaped.slice(0, max - 1)}…`;
}

/** An identifier (namespace, server id, URL) as inline code; backticks cannot end the span early. */
export function code(text: string, max: number): string {
  const clean = text.replaceAll("`", "'");
  return `\`${clean.length <= max - 2 ? clean : `${clean.slice(0, max - 3)}…`}\``;
}

/**
 * As many fields as fit in one embed (25, and `budget` characters of names
 * and values, leaving room for title and footer); `omitted` says how many did not.
 */
export function fitFields(
  fields: APIEmbedField[],
  budget = embedLimits.total - 500,
): { fields: APIEmbedField[]; omitted: number } {
  const kept: APIEmbedField[] = [];
  let used = 0;
  for (const field of fields) {
    const size = field.name.length + field.value.length;
    if (kept.length === embedLimits.fields || used + size > budget) break;
    kept.push(field);
    used += size;
  }
  return { fields: kept, omitted: fields.length - kept.length };
}
