/**
 * A command line typed by a person (Discord's `/exec command:`, the web's run
 * box) as the argv it means, with the quoting a POSIX shell understands:
 * 'single quotes' keep everything, "double quotes" let \" \\ \$ \` escape,
 * a backslash outside quotes escapes the next character. Nothing else of a
 * shell applies (no variables, globs, pipes or redirections): commands run
 * without one. Pure; both clients use it, so one line means one argv.
 */

export type SplitCommandLine = { ok: true; argv: string[] } | { ok: false; message: string };

/** Unquoted words that only a shell understands; passed as arguments they would silently mean nothing. */
const SHELL_OPERATORS = new Set(["|", "||", "&&", ";", "&", ">", ">>", "<", "<<", "2>", "2>&1", "&>"]);

const WHITESPACE = /\s/;

const shellSyntax = (word: string) =>
  `"${word}" is shell syntax, but the command runs without a shell; to use it, run sh -c '…' (or quote it to pass it as an argument).`;

export function splitCommandLine(line: string): SplitCommandLine {
  const argv: string[] = [];
  let word = "";
  /** Whether a word has started (an empty quoted word '' is still a word). */
  let inWord = false;
  /** Whether any part of the current word was quoted or escaped. */
  let quoted = false;
  let i = 0;
  /** Ends the current word; the refusal when it is a shell operator. */
  const finish = (): string | null => {
    if (!inWord) return null;
    if (!quoted && SHELL_OPERATORS.has(word)) return shellSyntax(word);
    argv.push(word);
    word = "";
    inWord = false;
    quoted = false;
    return null;
  };
  while (i < line.length) {
    const c = line[i] as string;
    if (WHITESPACE.test(c)) {
      const refused = finish();
      if (refused) return { ok: false, message: refused };
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, message: "The command has a ' quote that is never closed." };
      word += line.slice(i + 1, end);
      inWord = quoted = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = quoted = true;
      i++;
      for (;;) {
        if (i >= line.length)
          return { ok: false, message: 'The command has a " quote that is never closed.' };
        const d = line[i] as string;
        if (d === '"') {
          i++;
          break;
        }
        const next = line[i + 1];
        if (d === "\\" && next !== undefined && '"\\$`\n'.includes(next)) {
          if (next !== "\n") word += next;
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
    } else if (c === "\\") {
      const next = line[i + 1];
      if (next === undefined) return { ok: false, message: "The command ends with a lone backslash." };
      // A backslash before a newline continues the line, as in a shell.
      if (next !== "\n") {
        word += next;
        inWord = quoted = true;
      }
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  const refused = finish();
  if (refused) return { ok: false, message: refused };
  if (argv.length === 0) return { ok: false, message: "The command is empty." };
  return { ok: true, argv };
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** The argv as one line that splitCommandLine reads back to the same argv (for the audit log and display). */
export function joinCommandLine(argv: readonly string[]): string {
  return argv.map((a) => (SAFE_WORD.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(" ");
}
