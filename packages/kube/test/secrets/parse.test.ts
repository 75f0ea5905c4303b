import { MAX_SECRET_BYTES } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { detectSecretFormat, parseSecretValues } from "../../src/secrets/index";

const file = (content: string, filename?: string, format?: "auto" | "env" | "yaml" | "json") => ({
  kind: "file" as const,
  content,
  filename,
  format,
});

describe("parseSecretValues: .env", () => {
  it("reads comments, export, quotes and escapes", () => {
    const content = [
      "# database",
      "export DB_USER=app",
      "DB_PASS = 's3cr$t #not a comment'",
      'GREETING="line1\\nline2 \\"quoted\\" \\\\ \\$HOME"',
      "PLAIN=value # trailing comment",
      "HASH=abc#def",
      "EMPTY=",
      'PEM="-----BEGIN KEY-----',
      "abc",
      '-----END KEY-----"',
      "",
    ].join("\n");
    expect(parseSecretValues(file(content, "app.env"))).toEqual({
      DB_USER: "app",
      DB_PASS: "s3cr$t #not a comment",
      GREETING: 'line1\nline2 "quoted" \\ $HOME',
      PLAIN: "value",
      HASH: "abc#def",
      EMPTY: "",
      PEM: "-----BEGIN KEY-----\nabc\n-----END KEY-----",
    });
  });

  it("handles CRLF line ends and a byte-order mark", () => {
    expect(parseSecretValues(file("\uFEFFA=1\r\nB=2\r\n", ".env"))).toEqual({ A: "1", B: "2" });
  });

  it("names the line of a malformed entry without quoting it", () => {
    const run = () => parseSecretValues(file("A=1\nthis-is-a-password-pasted-alone\n", "x.env"));
    expect(run).toThrow(/the file x\.env, line 2: expected KEY=value/);
    try {
      run();
    } catch (error) {
      expect((error as Error).message).not.toContain("password-pasted");
    }
  });

  it("refuses duplicate and invalid keys, naming the line", () => {
    expect(() => parseSecretValues(file("A=1\nB=2\nA=3\n", ".env"))).toThrow(/line 3: duplicate key "A"/);
    expect(() => parseSecretValues(file("A=1\nBAD/KEY=2\n", ".env"))).toThrow(
      /line 2: the key is not a valid Kubernetes Secret key \(a key may only hold letters, digits/,
    );
  });

  it("refuses an unclosed quote and text after a closing quote", () => {
    expect(() => parseSecretValues(file('A="open\nB=2\n', ".env"))).toThrow(
      /line 1: the quoted value of "A" is not closed/,
    );
    expect(() => parseSecretValues(file("A='x' y\n", ".env"))).toThrow(
      /unexpected text after the closing quote of "A"/,
    );
  });
});

describe("parseSecretValues: YAML and JSON", () => {
  it("reads a YAML map, keeping scalars as written", () => {
    const yaml =
      'user: app\nport: 5432\nratio: 1.50\nflag: true\nhex: 0x1F\nquoted: "a\\tb"\nblock: |\n  l1\n  l2\n';
    expect(parseSecretValues(file(yaml, "values.yaml"))).toEqual({
      user: "app",
      port: "5432",
      ratio: "1.50",
      flag: "true",
      hex: "0x1F",
      quoted: "a\tb",
      block: "l1\nl2\n",
    });
  });

  it("reads a JSON map; numbers and booleans become strings as written", () => {
    expect(parseSecretValues(file('{"a": "x", "n": 1.50, "b": false, "u": "\\u00e9"}', "s.json"))).toEqual({
      a: "x",
      n: "1.50",
      b: "false",
      u: "é",
    });
  });

  it("refuses nested values, naming the key and line", () => {
    expect(() => parseSecretValues(file("a: 1\nnested:\n  x: 1\n", "v.yaml"))).toThrow(
      /the file v\.yaml, line 2: the value of "nested" is a nested map or list/,
    );
    expect(() => parseSecretValues(file('{"a": "1",\n "list": [1, 2]}', "v.json"))).toThrow(
      /line 2: the value of "list" is a nested object or array/,
    );
  });

  it("refuses duplicate keys in YAML and JSON", () => {
    expect(() => parseSecretValues(file("a: 1\nb: 2\na: 3\n", "v.yaml"))).toThrow(
      /line 3: duplicate key "a"/,
    );
    expect(() => parseSecretValues(file('{"a": "1",\n"a": "2"}', "v.json"))).toThrow(
      /line 2: duplicate key "a"/,
    );
  });

  it("refuses a file that is not a map, and null values", () => {
    expect(() => parseSecretValues(file("- a\n- b\n", "v.yaml"))).toThrow(/must be a YAML map of key: value/);
    expect(() => parseSecretValues(file('["a"]', "v.json"))).toThrow(/must be a JSON map/);
    expect(() => parseSecretValues(file("a: ~\n", "v.yaml"))).toThrow(/the value of "a" is null/);
  });

  it("reports syntax errors by line without quoting the source", () => {
    const run = () => parseSecretValues(file('{"token": "hunter2-value",\n oops}', "v.json"));
    expect(run).toThrow(/the file v\.json is not valid JSON at line 2/);
    try {
      run();
    } catch (error) {
      expect((error as Error).message).not.toContain("hunter2");
    }
    expect(() => parseSecretValues(file("a: 'unclosed\n", "v.yaml"))).toThrow(
      /the file v\.yaml: YAML syntax error at line \d+, column \d+/,
    );
  });

  it("detects the format from the name, then the content", () => {
    expect(detectSecretFormat("{}", "x.json")).toBe("json");
    expect(detectSecretFormat("a: 1", "x.yml")).toBe("yaml");
    expect(detectSecretFormat("A=1", ".env.production")).toBe("env");
    expect(detectSecretFormat('  {"a": "1"}')).toBe("json");
    expect(detectSecretFormat("# c\nexport A=1")).toBe("env");
    expect(detectSecretFormat("a: b=c")).toBe("yaml");
    expect(parseSecretValues(file("# c\nA=1\n"))).toEqual({ A: "1" });
    expect(parseSecretValues(file("a: 1\n"))).toEqual({ a: "1" });
  });
});

describe("parseSecretValues: limits and form entries", () => {
  it("refuses an empty file and a file without keys", () => {
    expect(() => parseSecretValues(file("  \n", "x.env"))).toThrow(/the file x\.env is empty/);
    expect(() => parseSecretValues(file("# only a comment\n", "x.env"))).toThrow(/holds no keys/);
    expect(() => parseSecretValues(file("{}", "x.json"))).toThrow(/holds no keys/);
  });

  it("refuses more than 1 MiB", () => {
    const big = `A=${"x".repeat(MAX_SECRET_BYTES)}\n`;
    expect(() => parseSecretValues(file(big, "big.env"))).toThrow(
      /the file big\.env is 1\.00 MiB; a secret holds at most 1 MiB/,
    );
    const entries = [
      { key: "a", value: "x".repeat(MAX_SECRET_BYTES / 2) },
      { key: "b", value: "x".repeat(MAX_SECRET_BYTES / 2) },
    ];
    expect(() => parseSecretValues({ kind: "entries", entries })).toThrow(/at most 1 MiB/);
  });

  it("takes form entries, trimming keys and refusing bad rows by number", () => {
    expect(
      parseSecretValues({
        kind: "entries",
        entries: [
          { key: " user ", value: " keeps spaces " },
          { key: "tls.crt", value: "x" },
        ],
      }),
    ).toEqual({ user: " keeps spaces ", "tls.crt": "x" });
    expect(() =>
      parseSecretValues({
        kind: "entries",
        entries: [
          { key: "a", value: "1" },
          { key: "a", value: "2" },
        ],
      }),
    ).toThrow(/row 2: duplicate key "a"/);
    expect(() => parseSecretValues({ kind: "entries", entries: [{ key: "has space", value: "1" }] })).toThrow(
      /row 1: the key is not a valid Kubernetes Secret key/,
    );
    expect(() => parseSecretValues({ kind: "entries", entries: [{ key: "", value: "1" }] })).toThrow(
      /row 1: .*a key may not be empty/,
    );
  });
});
