import type { PodsLogsOutput } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { LOG_INLINE_MAX, renderLogs } from "../src/render/logs";

const log = (text: string, overrides: Partial<PodsLogsOutput> = {}): PodsLogsOutput => ({
  namespace: "team-a",
  pod: "web-1",
  container: "main",
  text,
  lines: text ? text.split("\n").length - 1 : 0,
  bytes: Buffer.byteLength(text),
  truncated: false,
  ...overrides,
});

describe("renderLogs", () => {
  it("shows a short log in a code block that a backtick fence in the log cannot close", () => {
    const { embeds, files } = renderLogs(log("a\n``` not markdown\nb\n"), { clusterName: "prod" });
    expect(files).toEqual([]);
    expect(embeds[0]?.title).toBe("Log of web-1 (main)");
    expect(embeds[0]?.description).toBe("```\na\n`\u200b`` not markdown\nb\n```");
    expect(embeds[0]?.description?.match(/```/g)).toHaveLength(2);
    expect(embeds[0]?.footer?.text).toBe("team-a on prod · last 3 lines");
  });

  it("attaches a long log whole, as a .log file", () => {
    const text = `${Array.from({ length: 60 }, (_, i) => `line ${i} ${"x".repeat(40)}`).join("\n")}\n`;
    expect(text.length).toBeGreaterThan(LOG_INLINE_MAX);
    const { embeds, files } = renderLogs(log(text, { truncated: true }), { clusterName: "prod" });
    expect(files).toHaveLength(1);
    expect(files[0]?.name).toBe("web-1-main.log");
    expect(String(files[0]?.attachment)).toBe(text);
    expect(embeds[0]?.description).toMatch(
      /^60 lines \(.* KiB\): too long to show here, attached as web-1-main\.log\.$/,
    );
    expect(embeds[0]?.footer?.text).toMatch(/older lines past 1 MiB left out$/);
  });

  it("says when the log is empty", () => {
    expect(renderLogs(log(""), { clusterName: "prod" }).embeds[0]?.description).toBe("The log is empty.");
  });
});
