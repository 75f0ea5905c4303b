import type { PodsExecOutput } from "@clustercord/contracts";
import type { APIEmbed, AttachmentPayload } from "discord.js";
import { colors, plain } from "./style";

/** Longest output shown inline in the embed's code block; longer output goes in a `.txt` attachment. */
export const EXEC_INLINE_MAX = 1_800;

const size = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms / 1000)} s`);

/** The attachment's name: pod and container (Kubernetes names are safe in a file name). */
export const execFileName = (pod: string, container: string) => `${pod}-${container}-exec.txt`;

/** Text in a code block that a backtick fence in it cannot close; cut with "…" to fit `max` characters in all. */
const fenced = (text: string, max: number) => {
  const safe = text.replaceAll("```", "`\u200b``");
  const room = max - 8;
  return `\`\`\`\n${safe.length <= room ? safe : `${safe.slice(0, room - 1)}…`}\n\`\`\``;
};

/** How the command ended, in a few words. */
export function execOutcome(result: Pick<PodsExecOutput, "exitCode" | "timedOut">): string {
  if (result.timedOut) return "timed out: stopped";
  if (result.exitCode === null) return "stopped";
  return `exit code ${result.exitCode}`;
}

/**
 * `/exec`: what pods.exec returned. The command line (as it was run) and how
 * it ended, then the output: short output in a code block (a backtick fence
 * in it cannot close the block), longer output attached whole as a `.txt`
 * file, byte for byte what the API returned.
 */
export function renderExec(
  result: PodsExecOutput,
  options: { clusterName: string; namespace: string; pod: string; commandLine: string },
): { embeds: APIEmbed[]; files: AttachmentPayload[] } {
  const ok = result.exitCode === 0;
  const embed: APIEmbed = {
    title: `Ran in ${plain(options.pod, 150)} (${plain(result.container, 60)})`.slice(0, 256),
    color: ok ? colors.ok : result.exitCode === null ? colors.warn : colors.error,
    fields: [
      { name: "Command", value: fenced(options.commandLine, 1024) },
      { name: "Result", value: execOutcome(result), inline: true },
      { name: "Duration", value: seconds(result.durationMs), inline: true },
    ],
    footer: {
      text: [
        `${options.namespace} on ${options.clusterName}`,
        ...(result.truncated ? ["output past 1 MiB left out"] : []),
      ]
        .join(" · ")
        .slice(0, 2048),
    },
  };
  if (!result.output) return { embeds: [{ ...embed, description: "No output." }], files: [] };
  const output = result.output.replaceAll("```", "`\u200b``");
  if (output.length <= EXEC_INLINE_MAX) {
    const newline = output.endsWith("\n") ? "" : "\n";
    return { embeds: [{ ...embed, description: `\`\`\`\n${output}${newline}\`\`\`` }], files: [] };
  }
  const name = execFileName(options.pod, result.container);
  const bytes = Buffer.from(result.output, "utf8");
  return {
    embeds: [
      {
        ...embed,
        description: `The output (${size(bytes.length)}) is too long to show here; attached as ${plain(name, 300)}.`,
      },
    ],
    files: [{ attachment: bytes, name }],
  };
}
