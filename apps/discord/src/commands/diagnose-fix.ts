import type { DiagnoseTarget } from "@clustercord/contracts";
import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from "discord.js";
import type { DiagnosisOutput } from "../render/diagnostics";
import { UserError } from "../user-error";
import { assertAsker } from "./cluster/confirm";
import { customId, packId, unpackId } from "./cluster/custom-id";
import { applyPlanReply } from "./manifests/apply";
import type { ButtonHandler } from "./types";

/**
 * "Apply fix" under a /diagnose reply: one button per finding with a fix
 * (most severe first, at most one row). The button carries the cluster and
 * the finding's fingerprint; what was diagnosed is read back from the reply's
 * own embed (a namespace and a name do not fit in Discord's 100 characters).
 * diagnostics.planFix answers with a manifests plan, shown as /apply shows
 * one, whose Confirm is manifests.apply.
 */
const FIX = "dfix";
const MAX_FIX_BUTTONS = 5;
export const FIX_OUT_OF_DATE = "That button is out of date; run /diagnose again.";

const KINDS = "Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob|Node|Namespace";
/** What renderDiagnosis writes: "for Deployment `payments` in `shop` on <cluster>". */
const TARGET_TEXT = new RegExp(`for (${KINDS}) \`([^\`]+)\`(?: in \`([^\`]+)\`)? on `);

/** The target a diagnosis embed's description names; null when it names none (or a shortened name). */
export function diagnosedTarget(description: string | null | undefined): DiagnoseTarget | null {
  const m = TARGET_TEXT.exec(description ?? "");
  if (!m) return null;
  const [, kind = "", name = "", namespace] = m;
  if (name.endsWith("…") || namespace?.endsWith("…")) return null;
  if (kind === "Node" || kind === "Namespace") return namespace ? null : { kind, name };
  return namespace ? ({ kind, namespace, name } as DiagnoseTarget) : null;
}

export function fixButtonId(clusterId: string, fingerprint: string): string {
  return customId(FIX, packId(clusterId), fingerprint);
}

/** The row of Apply fix buttons for the findings that have a fix; none when there is nothing to fix. */
export function fixRows(out: DiagnosisOutput, clusterId: string): ActionRowBuilder<ButtonBuilder>[] {
  const fixable = out.findings.filter((f) => f.fix).slice(0, MAX_FIX_BUTTONS);
  if (fixable.length === 0) return [];
  return [
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      fixable.map((f) => {
        const label = `Apply fix: ${f.title}`;
        return new ButtonBuilder()
          .setCustomId(fixButtonId(clusterId, f.fingerprint))
          .setLabel(label.length <= 80 ? label : `${label.slice(0, 79)}…`)
          .setStyle(ButtonStyle.Primary);
      }),
    ),
  ];
}

/** Apply fix: diagnostics.planFix as the person who diagnosed, shown as an /apply plan with Confirm/Cancel. */
export const diagnoseFixButton: ButtonHandler = {
  prefix: FIX,
  async execute({ interaction, api, args }) {
    assertAsker(interaction);
    const [packedCluster = "", fingerprint = ""] = args;
    const clusterId = unpackId(packedCluster);
    // The diagnosis embed (an AI answer may sit beside it).
    const target =
      interaction.message.embeds.map((e) => diagnosedTarget(e.description)).find((t) => t !== null) ?? null;
    if (!clusterId || !target || !/^[0-9a-f]{16,64}$/.test(fingerprint)) throw new UserError(FIX_OUT_OF_DATE);
    const plan = await api.diagnostics.planFix.mutate({ clusterId, target, fingerprint });
    return applyPlanReply(plan);
  },
};
