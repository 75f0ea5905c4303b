/** What one line of a unified diff is, so a viewer can mark it (the +/- stays in the text too). */
export type DiffLineKind = "added" | "removed" | "context" | "hunk" | "header" | "note";

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

/**
 * Splits a unified diff into typed lines. `---`/`+++` before the first hunk
 * are file headers, not changes; inside a hunk a line starting `---` is a
 * removed line whose text begins with `--` (YAML document separators do).
 */
export function diffLines(diff: string): DiffLine[] {
  const lines = diff.replace(/\r\n/g, "\n").split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  let inHunk = false;
  return lines.map((text): DiffLine => {
    if (text.startsWith("@@")) {
      inHunk = true;
      return { kind: "hunk", text };
    }
    if (
      !inHunk &&
      (text.startsWith("--- ") ||
        text.startsWith("+++ ") ||
        text.startsWith("diff ") ||
        text.startsWith("index "))
    ) {
      return { kind: "header", text };
    }
    if (text.startsWith("\\")) return { kind: "note", text };
    if (text.startsWith("+")) return { kind: "added", text };
    if (text.startsWith("-")) return { kind: "removed", text };
    return { kind: "context", text };
  });
}

/** How many lines a diff adds and removes (headers not counted). */
export function diffStats(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diffLines(diff)) {
    if (line.kind === "added") added++;
    else if (line.kind === "removed") removed++;
  }
  return { added, removed };
}
