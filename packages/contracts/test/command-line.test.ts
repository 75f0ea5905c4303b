import { describe, expect, it } from "vitest";
import { joinCommandLine, splitCommandLine } from "../src/index";

const argv = (line: string) => {
  const split = splitCommandLine(line);
  if (!split.ok) throw new Error(split.message);
  return split.argv;
};
const refusal = (line: string) => {
  const split = splitCommandLine(line);
  return split.ok ? `accepted: ${JSON.stringify(split.argv)}` : split.message;
};

describe("splitCommandLine", () => {
  it("splits on runs of whitespace", () => {
    expect(argv("  ls   -la\t/tmp \n")).toEqual(["ls", "-la", "/tmp"]);
  });

  it("keeps single-quoted text as it is, backslashes and double quotes included", () => {
    expect(argv(`sh -c 'echo "hi" \\n; exit 3'`)).toEqual(["sh", "-c", 'echo "hi" \\n; exit 3']);
  });

  it('lets a backslash escape only " \\ $ ` inside double quotes, as a shell does', () => {
    expect(argv(`echo "a \\"b\\" \\\\ \\$HOME \\x"`)).toEqual(["echo", 'a "b" \\ $HOME \\x']);
  });

  it("joins adjacent quoted and unquoted parts into one word, and keeps empty quoted words", () => {
    expect(argv(`printf '%s|' a'b'"c" '' ""`)).toEqual(["printf", "%s|", "abc", "", ""]);
  });

  it("escapes the next character outside quotes; a backslash-newline continues the line", () => {
    expect(argv("echo a\\ b \\' \\;\\\nc")).toEqual(["echo", "a b", "'", ";c"]);
  });

  it("refuses unclosed quotes, a trailing backslash and an empty command, saying which", () => {
    expect(refusal("echo 'abc")).toBe("The command has a ' quote that is never closed.");
    expect(refusal('echo "abc')).toBe('The command has a " quote that is never closed.');
    expect(refusal("echo abc\\")).toBe("The command ends with a lone backslash.");
    expect(refusal("   ")).toBe("The command is empty.");
    expect(refusal("''")).toBe(`accepted: [""]`);
  });

  it("refuses unquoted shell operators (there is no shell), and passes quoted ones as arguments", () => {
    expect(refusal("ps aux | grep node")).toBe(
      `"|" is shell syntax, but the command runs without a shell; to use it, run sh -c '…' (or quote it to pass it as an argument).`,
    );
    expect(refusal("make && make install")).toMatch(/^"&&" is shell syntax/);
    expect(refusal("echo hi > out")).toMatch(/^">" is shell syntax/);
    expect(refusal("echo hi;")).toBe('accepted: ["echo","hi;"]');
    expect(argv("echo '|' \\; \"&&\"")).toEqual(["echo", "|", ";", "&&"]);
  });
});

describe("joinCommandLine", () => {
  it("quotes only what needs quoting", () => {
    expect(joinCommandLine(["ls", "-la", "/var/log", "a=b,c:d@e%f+g"])).toBe("ls -la /var/log a=b,c:d@e%f+g");
    expect(joinCommandLine(["sh", "-c", "echo it's $HOME", ""])).toBe(`sh -c 'echo it'\\''s $HOME' ''`);
  });

  it("is read back by splitCommandLine to the same argv", () => {
    const samples = [
      ["echo", "hello world"],
      ["sh", "-c", "echo \"a\" 'b' `c` $d \\ e\n"],
      ["printf", "", "|", "&&", ";", "'", '"', "\\", "\t", "ünïcødé ✓"],
    ];
    for (const sample of samples) expect(argv(joinCommandLine(sample))).toEqual(sample);
  });
});
