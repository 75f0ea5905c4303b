import type { BlueprintPlan, BlueprintRun } from "@clustercord/contracts";
import type { APIEmbed } from "discord.js";
import { code, colors, embedLimits, plain } from "./style";

const actionWords: Record<string, string> = {
  install: "install",
  upgrade: "upgrade",
  unchanged: "already installed, unchanged",
  skip: "skip",
};

type Counts = BlueprintPlan["components"][number]["counts"];

/** One component of a plan: counts are null when it can only be rendered after what it depends on. */
export interface BlueprintPlanComponent {
  name: string;
  release: string;
  namespace: string;
  action: string;
  counts: Counts | null;
  /** Why it is skipped or not rendered yet, or the plan's warnings. */
  note?: string;
}

/** `/cluster bootstrap`'s plan: each component in install order, what it does, and its object counts. */
export function renderBlueprintPlan(
  plan: Pick<BlueprintPlan, "preset" | "expiresAt"> & { components: readonly BlueprintPlanComponent[] },
  clusterName: string,
): APIEmbed {
  const rows = plan.components.map((c, i) => {
    const counts =
      c.counts && c.action !== "unchanged" && c.action !== "skip"
        ? ` · ${c.counts.created} to create, ${c.counts.changed} to change, ${c.counts.deleted} to delete`
        : "";
    const note = c.note ? ` · ${plain(c.note, 200)}` : "";
    const action = actionWords[c.action] ?? c.action;
    return `${i + 1}. **${plain(c.name, 63)}**: ${action} ${code(c.release, 60)} in ${code(c.namespace, 70)}${counts}${note}`;
  });
  const expires = Math.floor(new Date(plan.expiresAt).getTime() / 1000);
  const description = [
    rows.join("\n"),
    "After the install you get a direct message with access URLs and default credentials (never in a channel).",
    `Confirm <t:${expires}:R>.`,
  ].join("\n\n");
  return {
    title: `Bootstrap ${plan.preset} on ${plain(clusterName, 100)}`.slice(0, 256),
    color: colors.warn,
    description: description.slice(0, embedLimits.description),
  };
}

const statusIcon: Record<BlueprintRun["components"][number]["status"], string> = {
  pending: "⏸️",
  running: "⏳",
  installed: "✅",
  unchanged: "✅",
  failed: "❌",
  skipped: "⏭️",
};

/** A bootstrap run: per-component status while it runs, and the outcome. */
export function renderBlueprintRun(run: BlueprintRun): APIEmbed {
  const rows = run.components.map(
    (c) =>
      `${statusIcon[c.status]} **${plain(c.name, 63)}**: ${c.status}${c.message ? ` · ${plain(c.message, 300)}` : ""}`,
  );
  const headline =
    run.status === "running"
      ? `Installing ${run.preset}…`
      : run.status === "succeeded"
        ? `Installed ${run.preset}. Access URLs and credentials are in your direct messages.`
        : `Installing ${run.preset} failed; see the components below.`;
  return {
    title: `Bootstrap ${run.preset}`,
    color: run.status === "succeeded" ? colors.ok : run.status === "running" ? colors.brand : colors.error,
    description: `${headline}\n\n${rows.join("\n")}`.slice(0, embedLimits.description),
  };
}
