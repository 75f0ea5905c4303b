import type { PodsExecOutput } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { EXEC_INLINE_MAX, execOutcome, renderExec } from "../src/render/exec";
import { colors } from "../src/render/style";

const result = (output: string, overrides: Partial<PodsExecOutput> = {}): PodsExecOutput => ({
  container: "main",
  exitCode: 0,
  timedOut: false,
  output,
  truncated: false,
  durationMs: 123,
  ...overrides,
});
const where = { clusterName: "prod", namespace: "team-a", pod: "api-1", commandLine: "echo hello" };

describe("renderExec", () => {
  it("shows short output in a code block with the command, exit code and duration", () => {
    const { embeds, files } = renderExec(result("hello\n``` not markdown\n"), where);
    expect(files).toEqual([]);
    const embed = embeds[0];
    expect(embed?.title).toBe("Ran in api-1 (main)");
    expect(embed?.color).toBe(colors.ok);
    expect(embed?.description).toBe("```\nhello\n`\u200b`` not markdown\n```");
    expect(embed?.description?.match(/```/g)).toHaveLength(2);
    expect(embed?.fields).toEqual([
      { name: "Command", value: "```\necho hello\n```" },
      { name: "Result", value: "exit code 0", inline: true },
      { name: "Duration", value: "0.12 s", inline: true },
    ]);
    expect(embed?.footer?.text).toBe("team-a on prod");
  });

  it("closes the block on its own line when the output has no final newline", () => {
    expect(renderExec(result("no newline"), where).embeds[0]?.description).toBe("```\nno newline\n```");
  });

  it("attaches long output whole, as a .txt file, and says when it was cut at 1 MiB", () => {
    const text = "x".repeat(EXEC_INLINE_MAX + 1);
    const { embeds, files } = renderExec(result(text, { truncated: true, durationMs: 12_400 }), where);
    expect(files).toHaveLength(1);
    expect(files[0]?.name).toBe("api-1-main-exec.txt");
    expect(String(files[0]?.attachment)).toBe(text);
    expect(embeds[0]?.description).toBe(
      "The output (1.8 KiB) is too long to show here; attached as api-1-main-exec.txt.",
    );
    expect(embeds[0]?.fields?.[2]?.value).toBe("12 s");
    expect(embeds[0]?.footer?.text).toBe("team-a on prod · output past 1 MiB left out");
  });

  it("colours and words a failure and a timeout", () => {
    const failed = renderExec(result("", { exitCode: 3 }), where).embeds[0];
    expect(failed?.color).toBe(colors.error);
    expect(failed?.description).toBe("No output.");
    expect(failed?.fields?.[1]?.value).toBe("exit code 3");
    const stopped = renderExec(result("started\n", { exitCode: null, timedOut: true }), where).embeds[0];
    expect(stopped?.color).toBe(colors.warn);
    expect(stopped?.fields?.[1]?.value).toBe("timed out: stopped");
    expect(execOutcome({ exitCode: null, timedOut: false })).toBe("stopped");
  });

  it("shows the command's backticks as they are, a fence in it cannot close its block, a long one is cut", () => {
    const embed = renderExec(result("x"), { ...where, commandLine: "sh -c 'echo `date` ```'" }).embeds[0];
    expect(embed?.fields?.[0]?.value).toBe("```\nsh -c 'echo `date` `\u200b``'\n```");
    const long = renderExec(result("x"), { ...where, commandLine: "a".repeat(2000) }).embeds[0];
    expect(long?.fields?.[0]?.value).toHaveLength(1024);
    expect(long?.fields?.[0]?.value).toMatch(/^```\na+…\n```$/);
  });
});
