import type { AuditEntry, AuditListOutput } from "@clustercord/contracts";
import { type APIEmbed, TimestampStyles, time } from "discord.js";
import { colors, plain } from "./style";

/** Discord allows 25 fields per embed; /audit asks for at most that many entries. */
export const AUDIT_PAGE_MAX = 25;

const resultLabel: Record<AuditEntry["result"], string> = { ok: "✅ ok", error: "❌ error" };

function entryField(entry: AuditEntry) {
  const at = new Date(entry.at);
  const when = Number.isNaN(at.getTime()) ? plain(entry.at, 40) : time(at, TimestampStyles.ShortDateTime);
  const lines = [
    `${when} by **${plain(entry.actorName, 100)}** via ${entry.via}`,
    `Target: ${entry.target ? plain(entry.target, 300) : "—"}`,
    `Result: ${resultLabel[entry.result]}${entry.detail ? ` — ${plain(entry.detail, 400)}` : ""}`,
  ];
  return { name: plain(entry.action, 256), value: lines.join("\n") };
}

/** `/audit`: the newest entries of the guild's audit log, one field each. */
export function renderAudit(page: AuditListOutput, options: { guildName?: string } = {}): APIEmbed {
  const items = page.items.slice(0, AUDIT_PAGE_MAX);
  const title = options.guildName ? `Audit log · ${plain(options.guildName, 200)}` : "Audit log";
  if (items.length === 0) {
    return { title, color: colors.brand, description: "No audit entries yet." };
  }
  return {
    title,
    color: colors.brand,
    fields: items.map(entryField),
    footer: {
      text: `${items.length} ${items.length === 1 ? "entry" : "entries"}${page.nextCursor ? " · older entries available" : ""}`,
    },
  };
}
