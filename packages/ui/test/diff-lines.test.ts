import { describe, expect, it } from "vitest";
import { diffLines, diffStats } from "../src/diff-lines";

const diff = [
  "--- live",
  "+++ planned",
  "@@ -1,4 +1,4 @@",
  " apiVersion: v1",
  "-  replicas: 1",
  "+  replicas: 2",
  "---",
  "\\ No newline at end of file",
  "",
].join("\n");

describe("diffLines: a unified diff as typed lines", () => {
  it("tells headers, hunks, additions, removals, context and notes apart", () => {
    expect(diffLines(diff).map((l) => l.kind)).toEqual([
      "header",
      "header",
      "hunk",
      "context",
      "removed",
      "added",
      "removed",
      "note",
    ]);
  });

  it("keeps each line's text as it was (the +/- included)", () => {
    expect(diffLines(diff)[5]).toEqual({ kind: "added", text: "+  replicas: 2" });
  });

  it("reads a YAML separator inside a hunk as a removed line, not a header", () => {
    expect(diffLines("@@ -1 +0,0 @@\n--- a\n")[1]?.kind).toBe("removed");
  });

  it("gives nothing for an empty diff and handles CRLF", () => {
    expect(diffLines("")).toEqual([]);
    expect(diffLines("@@ -1 +1 @@\r\n-a\r\n+b\r\n").map((l) => l.text)).toEqual(["@@ -1 +1 @@", "-a", "+b"]);
  });
});

describe("diffStats", () => {
  it("counts added and removed lines, not headers", () => {
    expect(diffStats(diff)).toEqual({ added: 1, removed: 2 });
  });
});
