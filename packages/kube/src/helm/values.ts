import { AppError, HELM_VALUES_MAX_BYTES } from "@clustercord/contracts";
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from "yaml";
import { yamlSyntaxProblem } from "../yaml-syntax";

/** Deeper than any real chart's values; stops stack-exhausting `[[[[…` uploads. */
export const HELM_VALUES_MAX_DEPTH = 64;

/** YAML's core schema: the only tags a values file may carry (mostly implicitly). */
const coreTags = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`),
);

const badRequest = (userMessage: string) => new AppError("BAD_REQUEST", { userMessage });
const ANCHORS_REFUSED = "values may not use YAML anchors or aliases (&, *); write the values out";

/**
 * A values file's text -> plain data, refusing what Helm would accept but
 * nobody needs and what makes YAML dangerous: anchors and aliases (billion
 * laughs), custom tags, several documents, deep nesting. Empty text -> {}.
 */
export function parseValuesYaml(text: string): Record<string, unknown> {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > HELM_VALUES_MAX_BYTES) {
    throw badRequest(
      `values are ${Math.ceil(bytes / 1024)} KiB; the limit is ${HELM_VALUES_MAX_BYTES / 1024} KiB`,
    );
  }
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `line ${line}, column ${col}`;
  };
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, {
      version: "1.2",
      schema: "core",
      merge: false,
      prettyErrors: false,
      lineCounter,
    });
  } catch {
    // No cause attached: parser exceptions may quote the source.
    throw badRequest("values could not be read as YAML");
  }
  if (!Array.isArray(docs)) throw badRequest("values could not be read as YAML");

  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const what = yamlSyntaxProblem(error.code);
      throw badRequest(`values are not valid YAML at ${at(error.pos[0])}: ${what}`);
    }
  }
  const filled = docs.filter(
    (doc) => !(doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)),
  );
  if (filled.length > 1) {
    throw badRequest(`values must be one YAML document; found ${filled.length} (separated by ---)`);
  }
  const doc = filled[0];
  if (!doc) return {};
  const root = doc.contents as Node;
  checkNode(root, 0, at);
  if (!isMap(root)) throw badRequest("values must be a mapping of keys (key: value) at the top level");
  // Aliases were refused above; maxAliasCount 0 is the second lock.
  return doc.toJS({ maxAliasCount: 0 }) as Record<string, unknown>;
}

function checkNode(node: Node, depth: number, at: (offset: number) => string): void {
  const where = at(node.range?.[0] ?? 0);
  // A node's range starts after its tag, so for tags only the line is sure.
  const line = where.replace(/, column \d+$/, "");
  if (isAlias(node) || node.anchor) throw badRequest(`${ANCHORS_REFUSED} (${where})`);
  if (node.tag && !coreTags.has(node.tag)) {
    // The tag is not quoted: an unquoted password starting with ! is read as a tag.
    throw badRequest(
      `values may not use custom YAML tags (${line}); a value that starts with ! is read as a tag: put it in quotes`,
    );
  }
  if (depth > HELM_VALUES_MAX_DEPTH) {
    throw badRequest(`values are nested more than ${HELM_VALUES_MAX_DEPTH} levels deep (${where})`);
  }
  if (isSeq(node)) {
    for (const item of node.items) {
      if (isPair(item)) throw badRequest(`a key: value pair is not allowed inside a list (${where})`);
      if (item) checkNode(item as Node, depth + 1, at);
    }
  } else if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (key && (isAlias(key) || key.anchor)) throw badRequest(`${ANCHORS_REFUSED} (${where})`);
      if (!isScalar(key) || (key.tag && !coreTags.has(key.tag))) {
        throw badRequest(`mapping keys must be plain strings (${at(key?.range?.[0] ?? 0)})`);
      }
      if (pair.value) checkNode(pair.value as Node, depth + 1, at);
    }
  }
}
