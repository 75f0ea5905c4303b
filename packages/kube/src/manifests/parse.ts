import { MANIFEST_LIMITS, type ManifestFinding } from "@clustercord/contracts";
import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  visit,
} from "yaml";
import { isPlainObject } from "../helm/paths";
import { yamlSyntaxProblem } from "../yaml-syntax";
import { objectLabel } from "./object-label";
import {
  finding,
  type Locate,
  type ManifestPath,
  type ParsedDocument,
  type SourceFile,
  type SourcePosition,
} from "./types";

/** The YAML 1.2 core schema's own tags (`!!str`, `!!int`…): the only explicit tags allowed. */
const CORE_TAGS = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`),
);

type Parsed = Document.Parsed;

/** An offset -> 1-based line and column (the LineCounter calls it `col`). */
function positionOf(lines: LineCounter, offset: number | undefined): SourcePosition | null {
  if (offset === undefined) return null;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** The node a path leads to, as deep as it exists, and where it starts (a map entry: its key). */
function locateIn(doc: Parsed, lines: LineCounter, prefix: ManifestPath): Locate {
  return (path) => {
    let node: unknown = doc.contents;
    let at = isNode(node) ? node.range?.[0] : undefined;
    for (const step of [...prefix, ...path]) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step),
        );
        if (!pair) break;
        at = (pair.key as Node).range?.[0] ?? at;
        node = pair.value;
      } else if (isSeq(node) && typeof step === "number") {
        const item = node.items[step];
        if (!isNode(item)) break;
        at = item.range?.[0] ?? at;
        node = item;
      } else break;
    }
    return positionOf(lines, at);
  };
}

/** `tag:yaml.org,2002:binary` -> `!!binary`, as it was written. */
const shownTag = (tag: string) => (tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice(18)}` : tag);

/**
 * The first node that is an alias, carries an anchor, or a tag other than
 * the core schema's, with the offset of the `*`, `&` or `!` (node ranges
 * start after an anchor or tag, so those are found just before the node).
 */
function firstForbiddenNode(
  doc: Parsed,
  text: string,
): { offset: number | undefined; message: string } | null {
  let found: { offset: number | undefined; message: string } | null = null;
  visit(doc, (_key, node) => {
    if (!isNode(node)) return;
    const start = node.range?.[0];
    const before = (token: string) => {
      let offset = start === undefined ? -1 : text.lastIndexOf(token, start);
      while (offset > 0 && token === "!" && text[offset - 1] === "!") offset--; // `!!binary` starts at the first `!`
      return offset >= 0 ? offset : start;
    };
    const anchor = (node as { anchor?: string }).anchor;
    if (isAlias(node)) {
      found = { offset: start, message: "aliases (*name) are not allowed: write the value out in full" };
    } else if (anchor) {
      found = {
        offset: before(`&${anchor}`),
        message: "anchors (&name) are not allowed: write the value out in full",
      };
    } else if (node.tag && !CORE_TAGS.has(node.tag)) {
      found = { offset: before("!"), message: `custom tag ${shownTag(node.tag)} is not allowed` };
    }
    return found ? visit.BREAK : undefined;
  });
  return found;
}

/** The key a DUPLICATE_KEY error points at, as written (`name`, `"kind"`). */
function keyAt(text: string, offset: number): string {
  const match = /^("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^:\n]*)/.exec(text.slice(offset, offset + 200));
  return (match?.[1] ?? "").trim().slice(0, 80);
}

const docPosition = (doc: Parsed, lines: LineCounter): SourcePosition | null => {
  return positionOf(lines, isNode(doc.contents) ? doc.contents.range?.[0] : doc.range?.[0]);
};

/** What an object lacks or has that apply cannot take; null when it will do. */
function objectProblem(object: Record<string, unknown>): { path: string[]; message: string } | null {
  const metadata = isPlainObject(object.metadata) ? object.metadata : undefined;
  if (metadata && metadata.generateName !== undefined) {
    return {
      path: ["metadata", "generateName"],
      message: "metadata.generateName is not supported with apply: give the object a metadata.name",
    };
  }
  const missing = [
    typeof object.apiVersion === "string" && object.apiVersion !== "" ? null : "apiVersion",
    typeof object.kind === "string" && object.kind !== "" ? null : "kind",
    typeof metadata?.name === "string" && metadata.name !== "" ? null : "metadata.name",
  ].filter((m): m is string => m !== null);
  if (missing.length === 0) return null;
  const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(", ")} and ${missing.at(-1)}`;
  return { path: [], message: `missing ${list}` };
}

const describe = (value: unknown) =>
  Array.isArray(value)
    ? "a list"
    : value === null
      ? "null"
      : `a ${typeof value === "object" ? "map" : typeof value}`;

type Candidate = ParsedDocument;

/** Deeper flow nesting than any manifest has; the parser's own limit is reached only after it spent seconds. */
const MAX_FLOW_DEPTH = 256;

/**
 * Where `[`/`{` nesting first passes MAX_FLOW_DEPTH, or -1. Counts brackets
 * anywhere (quotes included): a real manifest never comes close, and this
 * scan is linear where the parser is not fast on 1 MiB of `[`.
 */
function flowDepthOverflow(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return -1;
}

/**
 * Documents of one file -> candidate objects (List items expanded) and the
 * findings for what cannot be an object. Errors are worded from the parser's
 * codes: its messages quote the source, which may hold a secret.
 */
function parseFile(source: SourceFile, out: Candidate[], findings: ManifestFinding[]): void {
  const lines = new LineCounter();
  const tooDeep = flowDepthOverflow(source.text);
  if (tooDeep >= 0) {
    lines.addNewLine(0);
    for (let i = source.text.indexOf("\n"); i >= 0 && i < tooDeep; i = source.text.indexOf("\n", i + 1)) {
      lines.addNewLine(i + 1);
    }
    findings.push(
      finding({
        step: "parse",
        level: "error",
        file: source.name,
        position: positionOf(lines, tooDeep),
        message: `nested too deeply: more than ${MAX_FLOW_DEPTH} levels of [ ] or { }`,
      }),
    );
    return;
  }
  const docs = parseAllDocuments(source.text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  if (!Array.isArray(docs)) return; // an empty stream: nothing but comments or whitespace
  docs.forEach((doc, index) => {
    const document = index + 1;
    const at = (offset: number | undefined) => positionOf(lines, offset);
    const error = (message: string, position: SourcePosition | null, object: string | null = null) =>
      findings.push(
        finding({ step: "parse", level: "error", file: source.name, document, position, message, object }),
      );
    // The first error only: the parser's later ones in a document mostly follow from it.
    const syntax = doc.errors[0];
    if (syntax) {
      const problem = yamlSyntaxProblem(syntax.code);
      const message =
        syntax.code === "DUPLICATE_KEY"
          ? `duplicate key ${keyAt(source.text, syntax.pos[0])}: ${problem}`
          : problem;
      error(message, at(syntax.pos[0]));
      return;
    }
    const forbidden = firstForbiddenNode(doc, source.text);
    if (forbidden) {
      error(forbidden.message, at(forbidden.offset));
      return;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return; // empty documents are skipped, as kubectl does
    const locate = locateIn(doc, lines, []);
    if (!isPlainObject(value)) {
      error(
        `the document is ${describe(value)}, not a Kubernetes object (a map with apiVersion, kind and metadata)`,
        docPosition(doc, lines),
      );
      return;
    }
    // `kind: List` (what `kubectl get -o yaml` prints), `ConfigMapList`…: its items, as kubectl reads them;
    // each item keeps the list's document number.
    if (typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items)) {
      value.items.forEach((item, i) => {
        const itemLocate = locateIn(doc, lines, ["items", i]);
        if (!isPlainObject(item)) {
          error(`items[${i}] is ${describe(item)}, not a Kubernetes object`, itemLocate([]));
          return;
        }
        out.push({ file: source.name, document, object: item, locate: itemLocate });
      });
      return;
    }
    out.push({ file: source.name, document, object: value, locate });
  });
}

/**
 * YAML/JSON texts -> Kubernetes objects with a way back to their lines.
 * Refuses syntax errors, duplicate keys, anchors and aliases (never
 * resolved: no alias bomb can expand), custom tags, documents that are not
 * objects or lack apiVersion, kind or metadata.name, generateName, and
 * batches over `maxDocuments` objects.
 */
export function parseManifests(
  sources: readonly SourceFile[],
  options: { maxDocuments?: number } = {},
): { documents: ParsedDocument[]; findings: ManifestFinding[] } {
  const maxDocuments = options.maxDocuments ?? MANIFEST_LIMITS.documents;
  const candidates: Candidate[] = [];
  const findings: ManifestFinding[] = [];
  for (const source of sources) {
    try {
      parseFile(source, candidates, findings);
    } catch (error) {
      // The parser and toJS recurse per nesting level: a pathological depth overflows the stack.
      if (!(error instanceof RangeError)) throw error;
      findings.push(
        finding({
          step: "parse",
          level: "error",
          file: source.name,
          message: "is nested too deeply to read",
        }),
      );
    }
  }
  if (candidates.length > maxDocuments) {
    const first = candidates[maxDocuments] as Candidate;
    findings.push(
      finding({
        step: "parse",
        level: "error",
        file: first.file,
        document: first.document,
        message: `${candidates.length} documents; at most ${maxDocuments}`,
      }),
    );
    return { documents: [], findings };
  }
  const documents: ParsedDocument[] = [];
  for (const candidate of candidates) {
    const problem = objectProblem(candidate.object);
    if (!problem) {
      documents.push(candidate);
      continue;
    }
    findings.push(
      finding({
        step: "parse",
        level: "error",
        file: candidate.file,
        document: candidate.document,
        position: candidate.locate(problem.path),
        object: objectLabel(candidate.object),
        field: problem.path.length > 0 ? problem.path.join(".") : null,
        message: problem.message,
      }),
    );
  }
  return { documents, findings };
}
