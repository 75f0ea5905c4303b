import {
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
} from "yaml";
import { yamlSyntaxProblem } from "../yaml-syntax";
import { MAX_YAML_DEPTH } from "./limits";
import { badRequest, formatPath, HIDDEN_KEY, type PathSegment, Problems, quoteSafe } from "./problems";
import { clusterSchema, contextSchema, kubeconfigSchema, userSchema } from "./schema";

/**
 * Keys that may be named in a refusal: kubeconfig field names. Any other key
 * may be a value in disguise (`password: {hunter2}` is a mapping whose key is
 * the password) and is shown as `[…]`.
 */
const fieldNames = new Set<string>([
  ...Object.keys(kubeconfigSchema.shape),
  ...Object.keys(clusterSchema.shape),
  ...Object.keys(userSchema.shape),
  ...Object.keys(contextSchema.shape),
  ...["name", "cluster", "user", "context", "preferences", "extensions", "extension"],
]);
const shownKey = (name: string): PathSegment => (fieldNames.has(name) ? name : HIDDEN_KEY);

const yamlOptions = {
  version: "1.2",
  schema: "core",
  // YAML 1.1 `<<` merge keys need aliases, which we refuse anyway.
  merge: false,
  // We find duplicate keys ourselves so the message can name the path.
  uniqueKeys: false,
  // Never echo source lines (they may contain secrets) in error messages.
  prettyErrors: false,
  strict: true,
} as const;

/**
 * YAML text -> plain JSON-like data, refusing everything a kubeconfig never
 * needs and that makes YAML dangerous: anchors/aliases (billion laughs),
 * tags (custom types), several documents, duplicate keys, deep nesting.
 */
export function loadKubeconfigYaml(text: string): unknown {
  const lineCounter = new LineCounter();
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, { ...yamlOptions, lineCounter });
  } catch {
    // No cause attached: a parser exception may quote the source, and callers log causes.
    throw badRequest("the kubeconfig could not be read as YAML");
  }
  if (!Array.isArray(docs)) throw badRequest("the kubeconfig could not be read as YAML");
  if (docs.length === 0) throw badRequest("the kubeconfig is empty");
  if (docs.length > 1) {
    throw badRequest(
      `the kubeconfig holds ${docs.length} YAML documents (separated by ---); upload exactly one`,
    );
  }
  const doc = docs[0];
  if (!doc) throw badRequest("the kubeconfig is empty");

  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    const what = yamlSyntaxProblem(syntaxError.code);
    throw badRequest(`YAML syntax error at line ${line}, column ${col}: ${what}`);
  }

  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) throw badRequest("the kubeconfig is empty");
  if (!isMap(root)) throw badRequest("the kubeconfig must be a YAML mapping (key: value) at the top level");

  const problems = new Problems();
  checkNode(root, [], problems);
  problems.throwIfAny();

  // Aliases were refused above; maxAliasCount 0 is the second lock on the door.
  return doc.toJS({ maxAliasCount: 0 });
}

function checkNode(node: Node, path: PathSegment[], problems: Problems): void {
  if (path.length > MAX_YAML_DEPTH) {
    problems.add(path, `nested more than ${MAX_YAML_DEPTH} levels deep`);
    return;
  }
  if (isAlias(node) || node.anchor) {
    // One is enough to refuse; listing every alias of a billion-laughs file helps nobody.
    throw badRequest(
      `${formatPath(path)}: YAML anchors/aliases are not accepted in kubeconfigs; write the values out`,
    );
  }
  if (node.tag) {
    // The tag text is never quoted: an unquoted token or password that starts with ! is read as a tag.
    problems.add(
      path,
      "YAML tags are not accepted in kubeconfigs (a value that starts with ! is read as a tag; put it in quotes if it is text)",
    );
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (isPair(item)) problems.add([...path, i], "a key: value pair is not allowed inside a list here");
      else if (item) checkNode(item as Node, [...path, i], problems);
    });
    return;
  }
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = pair.key;
      if (isAlias(key) || (isNode(key) && key.anchor))
        throw badRequest(`${formatPath(path)}: YAML anchors/aliases are not accepted in kubeconfigs`);
      if (!isScalar(key) || key.tag) {
        problems.add(path, "mapping keys must be plain strings");
        continue;
      }
      const name = String(key.value);
      if (seen.has(name)) {
        const shown = fieldNames.has(name) ? ` ${JSON.stringify(quoteSafe(name))}` : "";
        problems.add(path, `duplicate key${shown}`);
        continue;
      }
      seen.add(name);
      if (pair.value) checkNode(pair.value as Node, [...path, shownKey(name)], problems);
    }
  }
}
