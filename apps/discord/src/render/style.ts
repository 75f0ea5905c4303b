import type { Role } from "@clustercord/contracts";
import { escapeMarkdown } from "discord.js";

export const colors = {
  brand: 0x326ce5,
  ok: 0x2ea043,
  error: 0xd1242f,
} as const;

export const roleColors: Record<Role, number> = {
  viewer: 0x8b949e,
  operator: 0x1f6feb,
  admin: 0x8250df,
};

/** Text from the API shown verbatim: markdown escaped and cut to Discord's limits. */
export function plain(text: string, max: number): string {
  const escaped = escapeMarkdown(text);
  return escaped.length <= max ? escaped : `${escaped.slice(0, max - 1)}…`;
}
