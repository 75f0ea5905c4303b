import { MAX_SECRET_BYTES, SecretKeyName, type SecretValuesSource } from "@clustercord/contracts";
import { isAlias, isMap, isScalar, LineCounter, type Node, parseAllDocuments } from "yaml";
import { yamlSyntaxProblem } from "../yaml-syntax";
import { secretInputError } from "./errors";

/**
 * Uploaded secret files and form rows -> `{ key: value }`, checked whole
 * before anything is stored: valid Kubernetes Secret keys, no duplicates,
 * at most MAX_SECRET_BYTES in total. Refusals name the line or the key and
 * never quote a value (a malformed line may be a value, so it is named by
 * its number only; an invalid key is also named by line, since it may be a
 * value pasted in the wrong place).
 */

export type SecretValues = Record<string, string>;
export type SecretFileFormat = "env" | "yaml" | "json";

const MIB = 1024 * 1024;
const utf8Bytes = (s: string) => Buffer.byteLength(s, "utf8");

export function parseSecretValues(source: SecretValuesSource): SecretValues {
  if (source.kind === "entries") return fromEntries(source.entries);
  const content = source.content.replace(/^\uFEFF/, "");
  const label = source.filename ? `the file ${source.filename}` : "the file";
  checkTotalBytes(utf8Bytes(content), label);
  if (content.trim() === "") throw secretInputError(`${label} is empty`);
  const format =
    !source.format || source.format === "auto" ? detectSecretFormat(content, source.filename) : source.format;
  const values =
    format === "env"
      ? parseEnv(content, label)
      : parseYamlMap(content, label, format === "json" ? "JSON" : "YAML");
  if (Object.keys(values).length === 0) throw secretInputError(`${label} holds no keys`);
  checkTotalBytes(totalBytes(values), label);
  return values;
}

/** The format from the file name, or else from the content: `{` -> JSON, `KEY=` lines -> .env, otherwise YAML. */
export function detectSecretFormat(content: string, filename?: string): SecretFileFormat {
  const name = filename?.toLowerCase() ?? "";
  if (name.endsWith(".json")) return "json";
  if (name.endsWith(".yaml") || name.endsWith(".yml")) return "yaml";
  if (name.endsWith(".env") || name.startsWith(".env") || name.endsWith(".properties")) return "env";
  const firstLine = content
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== "" && !l.startsWith("#"));
  if (!firstLine) return "env";
  if (firstLine.startsWith("{")) return "json";
  if (/^(export\s+)?[^\s=:]+\s*=/.test(firstLine)) return "env";
  return "yaml";
}

function fromEntries(entries: readonly { key: string; value: string }[]): SecretValues {
  const values: SecretValues = {};
  entries.forEach(({ key, value }, i) => {
    const where = `row ${i + 1}`;
    addValue(values, key.trim(), value, where);
  });
  if (Object.keys(values).length === 0) throw secretInputError("give at least one key");
  checkTotalBytes(totalBytes(values), "the values");
  return values;
}

/** Adds one key, refusing invalid and duplicate keys. `where` is "line 3" or "row 2". */
function addValue(values: SecretValues, key: string, value: string, where: string): void {
  const valid = SecretKeyName.safeParse(key);
  if (!valid.success) {
    const why = valid.error.issues[0]?.message ?? "not a valid key";
    throw secretInputError(`${where}: the key is not a valid Kubernetes Secret key (${why})`);
  }
  if (Object.hasOwn(values, key)) throw secretInputError(`${where}: duplicate key "${key}"`);
  values[key] = value;
}

const totalBytes = (values: SecretValues) =>
  Object.entries(values).reduce((n, [k, v]) => n + utf8Bytes(k) + utf8Bytes(v), 0);

function checkTotalBytes(bytes: number, label: string): void {
  if (bytes > MAX_SECRET_BYTES) {
    throw secretInputError(
      `${label} is ${(bytes / MIB).toFixed(2)} MiB; a secret holds at most ${MAX_SECRET_BYTES / MIB} MiB`,
    );
  }
}

// ---- .env ----

const DQ_ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\", $: "$" };

/**
 * `.env` as dotenv writes it: `KEY=value`, `export KEY=value`, `#` comments
 * (also after an unquoted value, following a space), 'single quotes'
 * (literal), "double quotes" (\n \r \t \" \\ \$ escapes; may span lines, as
 * PEM blocks do). No `${VAR}` expansion: values are taken as written.
 */
function parseEnv(content: string, label: string): SecretValues {
  const lines = content.split(/\r?\n/);
  const values: SecretValues = {};
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = (lines[i] ?? "").trimStart();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([^=\s]+)\s*=[ \t]*(.*)$/.exec(line);
    if (!match) throw secretInputError(`${label}, line ${lineNo}: expected KEY=value`);
    const key = match[1] ?? "";
    let rest = match[2] ?? "";
    let value: string;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      // Collect until the closing quote, across lines if needed.
      let body = "";
      let closed = false;
      let j = 1;
      let endLine = i;
      for (;;) {
        for (; j < rest.length; j++) {
          const c = rest[j] ?? "";
          if (quote === '"' && c === "\\" && j + 1 < rest.length) {
            const next = rest[j + 1] ?? "";
            body += DQ_ESCAPES[next] ?? `\\${next}`;
            j++;
          } else if (c === quote) {
            closed = true;
            break;
          } else body += c;
        }
        if (closed || endLine + 1 >= lines.length) break;
        endLine++;
        body += "\n";
        rest = lines[endLine] ?? "";
        j = 0;
      }
      if (!closed)
        throw secretInputError(`${label}, line ${lineNo}: the quoted value of "${key}" is not closed`);
      const after = rest.slice(j + 1).trim();
      if (after !== "" && !after.startsWith("#")) {
        throw secretInputError(
          `${label}, line ${endLine + 1}: unexpected text after the closing quote of "${key}"`,
        );
      }
      value = body;
      i = endLine;
    } else {
      // An unquoted value ends at a ` #` comment.
      value = rest.replace(/\s+#.*$/, "").trimEnd();
    }
    addValue(values, key, value, `${label}, line ${lineNo}`);
  }
  return values;
}

// ---- YAML and JSON maps ----

const yamlOptions = {
  version: "1.2",
  // Failsafe keeps every scalar as written: `1.50` stays "1.50", `0x1F` stays "0x1F", `yes` stays "yes".
  schema: "failsafe",
  merge: false,
  uniqueKeys: false, // found below, so the message names the key and line
  prettyErrors: false, // the library's messages quote source lines
  strict: true,
} as const;

function parseYamlMap(content: string, label: string, kind: "YAML" | "JSON"): SecretValues {
  if (kind === "JSON") checkJsonSyntax(content, label);
  const lineCounter = new LineCounter();
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(content, { ...yamlOptions, lineCounter });
  } catch {
    throw secretInputError(`${label} could not be read as ${kind}`);
  }
  if (!Array.isArray(docs) || docs.length === 0) throw secretInputError(`${label} is empty`);
  if (docs.length > 1) throw secretInputError(`${label} holds ${docs.length} YAML documents; give one map`);
  const doc = docs[0];
  if (!doc) throw secretInputError(`${label} is empty`);
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    throw secretInputError(
      `${label}: ${kind} syntax error at line ${line}, column ${col}: ${yamlSyntaxProblem(syntaxError.code)}`,
    );
  }
  const root = doc.contents;
  if (!root || (isScalar(root) && (root.value === "" || root.value === null))) {
    throw secretInputError(`${label} is empty`);
  }
  if (!isMap(root)) throw secretInputError(`${label} must be a ${kind} map of key: value at the top level`);

  const lineOf = (node: Node | null | undefined) =>
    node?.range ? lineCounter.linePos(node.range[0]).line : lineCounter.linePos(0).line;
  const values: SecretValues = {};
  for (const pair of root.items) {
    const keyNode = pair.key as Node | null;
    const where = `${label}, line ${lineOf(keyNode)}`;
    if (
      isAlias(keyNode) ||
      keyNode?.anchor ||
      keyNode?.tag ||
      !isScalar(keyNode) ||
      typeof keyNode.value !== "string"
    ) {
      throw secretInputError(`${where}: keys must be plain strings (no anchors, aliases or tags)`);
    }
    const key = keyNode.value;
    const node = pair.value as Node | null;
    const keyName = SecretKeyName.safeParse(key).success ? `"${key}"` : "the key";
    if (node === null || node === undefined) {
      addValue(values, key, "", where);
      continue;
    }
    if (isAlias(node) || node.anchor)
      throw secretInputError(`${where}: YAML anchors and aliases are not accepted`);
    if (node.tag) {
      throw secretInputError(
        `${where}: YAML tags are not accepted (a value that starts with ! is read as a tag; quote it if it is text)`,
      );
    }
    if (!isScalar(node)) {
      throw secretInputError(
        `${where}: the value of ${keyName} is a nested ${kind === "JSON" ? "object or array" : "map or list"}; a secret value must be a string, number or boolean`,
      );
    }
    const text = String(node.value ?? "");
    if (node.type === "PLAIN" && /^(null|Null|NULL|~)$/.test(text)) {
      throw secretInputError(
        `${where}: the value of ${keyName} is null; quote it ("null") if you mean the text`,
      );
    }
    addValue(values, key, text, where);
  }
  return values;
}

/** Strict JSON first (YAML would accept more); the position, not the engine's message, which quotes the source. */
function checkJsonSyntax(content: string, label: string): void {
  try {
    JSON.parse(content);
  } catch (err) {
    const msg = err instanceof Error ? err.message : "";
    const lineCol = /line (\d+) column (\d+)/.exec(msg);
    const pos = /position (\d+)/.exec(msg);
    let where = "";
    if (lineCol) where = ` at line ${lineCol[1]}, column ${lineCol[2]}`;
    else if (pos) {
      const before = content.slice(0, Number(pos[1]));
      where = ` at line ${before.split("\n").length}`;
    }
    throw secretInputError(`${label} is not valid JSON${where}`);
  }
}
