import type { PodsLogsOutput } from "@clustercord/contracts";
import type { APIEmbed, AttachmentPayload } from "discord.js";
import { colors, plain } from "./style";

/** Longest log shown inline in the embed's code block; longer logs go in a `.log` attachment. */
export const LOG_INLINE_MAX = 1_900;

const size = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

/** The attachment's name: the pod and container (Kubernetes names are safe in a file name). */
export const logFileName = (log: Pick<PodsLogsOutput, "pod" | "container">) =>
  `${log.pod}${log.container ? `-${log.container}` : ""}.log`;

/**
 * `/logs`: the end of a container's log, as pods.logs returned it. Short logs
 * are shown in a code block (a backtick fence in the log cannot close it);
 * longer ones are attached whole as a `.log` file, byte for byte.
 */
export function renderLogs(
  log: PodsLogsOutput,
  options: { clusterName: string },
): { embeds: APIEmbed[]; files: AttachmentPayload[] } {
  const title = `Log of ${plain(log.pod, 150)}${log.container ? ` (${plain(log.container, 60)})` : ""}`;
  const footer = [
    `${log.namespace} on ${options.clusterName}`,
    `last ${log.lines} line${log.lines === 1 ? "" : "s"}`,
    ...(log.truncated ? ["older lines past 1 MiB left out"] : []),
  ].join(" · ");
  const embed: APIEmbed = {
    title: title.slice(0, 256),
    color: colors.brand,
    footer: { text: footer.slice(0, 2048) },
  };
  if (!log.text) return { embeds: [{ ...embed, description: "The log is empty." }], files: [] };
  const fenced = log.text.replaceAll("```", "`\u200b``");
  if (fenced.length <= LOG_INLINE_MAX) {
    return { embeds: [{ ...embed, description: `\`\`\`\n${fenced}\`\`\`` }], files: [] };
  }
  const name = logFileName(log);
  return {
    embeds: [
      {
        ...embed,
        description: `${log.lines} lines (${size(log.bytes)}): too long to show here, attached as ${plain(name, 300)}.`,
      },
    ],
    files: [{ attachment: Buffer.from(log.text, "utf8"), name }],
  };
}
