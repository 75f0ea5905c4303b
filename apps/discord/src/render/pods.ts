import type { PodStatusTone, PodsListOutput } from "@clustercord/contracts";
import type { APIEmbed } from "discord.js";
import { code, colors, embedLimits, plain } from "./style";

/** Pods per /pods page: one line each, well inside an embed's description. */
export const PODS_PAGE_SIZE = 15;

const toneIcon: Record<PodStatusTone, string> = {
  ok: "🟢",
  pending: "🟡",
  warning: "🟠",
  error: "🔴",
  done: "⚪",
};

/** `/pods`: one page of a namespace's pods, with status, readiness and restarts. */
export function renderPods(
  page: PodsListOutput,
  options: { clusterName: string; namespace: string; cursor: number; search?: string | undefined },
): APIEmbed {
  const where = `${plain(options.namespace, 100)} on ${plain(options.clusterName, 100)}`;
  const title = `Pods in ${where}`.slice(0, 256);
  // Not served at all (too large for ClusterCord's limits, or refused): the API's words, as on the web.
  if (page.problem) return { title, color: colors.error, description: plain(page.problem.message, 4000) };
  const state =
    page.state === "ready"
      ? ""
      : page.state === "syncing"
        ? "Still loading this cluster's pods; the list may be incomplete.\n"
        : "The pod list is not live right now; these are the last known pods.\n";
  if (page.pods.length === 0) {
    const none = options.search
      ? `No pods match ${code(options.search, 100)}.`
      : "No pods in this namespace.";
    return { title, color: colors.brand, description: `${state}${none}` };
  }
  const lines: string[] = [];
  let size = state.length;
  for (const pod of page.pods) {
    const restarts = pod.restarts ? ` · ${pod.restarts} restart${pod.restarts === 1 ? "" : "s"}` : "";
    const line = `${toneIcon[pod.tone]} ${code(pod.name, 120)} · ${plain(pod.status, 60)} · ${pod.ready}${restarts}`;
    if (size + line.length + 1 > embedLimits.description - 100) break;
    lines.push(line);
    size += line.length + 1;
  }
  const first = options.cursor + 1;
  const last = options.cursor + lines.length;
  const searched = options.search ? ` matching "${options.search.slice(0, 50)}"` : "";
  return {
    title,
    color: page.state === "ready" ? colors.brand : colors.warn,
    description: `${state}${lines.join("\n")}`,
    footer: { text: `${first}-${last} of ${page.total} pods${searched}` },
  };
}
