import type { ActionPlan } from "@clustercord/contracts";
import type { APIEmbed } from "discord.js";
import { colors, plain } from "./style";

/** A destructive action's plan, as the web dialog shows it. */
export function renderPlan(plan: ActionPlan): APIEmbed {
  const expires = Math.floor(new Date(plan.expiresAt).getTime() / 1000);
  return {
    title: plain(plan.summary, 256),
    color: colors.error,
    description: `${plan.changes.map((c) => `• ${plain(c, 300)}`).join("\n")}\n\nConfirm <t:${expires}:R>.`,
  };
}

/** A short outcome: done (green) or a plain notice (brand). */
export function renderOutcome(text: string, tone: "ok" | "brand" = "ok"): APIEmbed {
  return { color: colors[tone], description: text };
}

export const CANCELLED = "Cancelled: nothing was changed.";
