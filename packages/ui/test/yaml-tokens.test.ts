import { describe, expect, it } from "vitest";
import { type YamlTokenKind, yamlTokens } from "../src/yaml-tokens";

/** The coloured pieces only, as [kind, text]. */
const pieces = (line: string) =>
  yamlTokens(line)
    .filter((t) => t.kind !== "text")
    .map((t): [YamlTokenKind, string] => [t.kind, t.text]);

describe("yamlTokens: one YAML line in coloured pieces", () => {
  it("tells keys from their scalars", () => {
    expect(pieces("  replicas: 3")).toEqual([
      ["key", "replicas"],
      ["punct", ":"],
      ["number", "3"],
    ]);
    expect(pieces("image: nginx:1.27")).toEqual([
      ["key", "image"],
      ["punct", ":"],
      ["string", "nginx:1.27"],
    ]);
    expect(pieces("app.kubernetes.io/name: web")).toEqual([
      ["key", "app.kubernetes.io/name"],
      ["punct", ":"],
      ["string", "web"],
    ]);
  });

  it("colours true/false/null, quoted strings, comments, anchors and block indicators", () => {
    expect(pieces("privileged: false # never")).toEqual([
      ["key", "privileged"],
      ["punct", ":"],
      ["literal", "false"],
      ["comment", "# never"],
    ]);
    expect(pieces('name: "a # not a comment"')).toEqual([
      ["key", "name"],
      ["punct", ":"],
      ["string", '"a # not a comment"'],
    ]);
    expect(pieces("base: &defaults")).toEqual([
      ["key", "base"],
      ["punct", ":"],
      ["meta", "&defaults"],
    ]);
    expect(pieces("script: |-")).toEqual([
      ["key", "script"],
      ["punct", ":"],
      ["punct", "|-"],
    ]);
    expect(pieces("# a whole-line comment")).toEqual([["comment", "# a whole-line comment"]]);
  });

  it("reads sequence items, document separators and keys inside items", () => {
    expect(pieces("  - name: web")).toEqual([
      ["punct", "-"],
      ["key", "name"],
      ["punct", ":"],
      ["string", "web"],
    ]);
    expect(pieces("- 8080")).toEqual([
      ["punct", "-"],
      ["number", "8080"],
    ]);
    expect(pieces("---")).toEqual([["punct", "---"]]);
    expect(pieces("'quoted key': x")[0]).toEqual(["key", "'quoted key'"]);
  });

  it("always joins back to the line it was given", () => {
    for (const line of [
      "",
      "   ",
      "  - - a: b # c",
      "weird: [1, 2, {a: b}]",
      "x: 'it''s'  # q",
      "  continuation text of a block scalar",
      '"unterminated: yes',
      "key:",
      "-",
    ]) {
      expect(
        yamlTokens(line)
          .map((t) => t.text)
          .join(""),
      ).toBe(line);
    }
  });
});
