/**
 * A fast reader for exactly what yaml-emit writes (block maps and
 * sequences, plain and JSON-quoted scalars, block literals, `[]`/`{}`):
 * parsing changed objects is most of a diff's time, and a general YAML
 * parser is ~20x slower on these documents. Anything else (a hand-edited
 * archive) throws, and the caller falls back to the `yaml` library. Pure.
 */
import { parse } from "yaml";

class Unexpected extends Error {}

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;

function plainScalar(text: string): unknown {
  if (text === "null") return null;
  if (text === "true") return true;
  if (text === "false") return false;
  if (NUMBER.test(text)) return Number(text);
  return text;
}

/** Where a JSON string starting at `from` (a `"`) ends (the index after its closing quote). */
function jsonStringEnd(line: string, from: number): number {
  for (let i = from + 1; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i + 1;
  }
  throw new Unexpected();
}

class Reader {
  pos = 0;
  constructor(private readonly lines: string[]) {}

  /** The value of a key or item whose text after `: ` / `- ` is `rest`; block literal lines are at `indent`. */
  inline(rest: string, indent: string): unknown {
    if (rest === "[]") return [];
    if (rest === "{}") return {};
    if (rest.startsWith('"')) {
      if (jsonStringEnd(rest, 0) !== rest.length) throw new Unexpected();
      return JSON.parse(rest) as string;
    }
    if (rest === "|" || rest === "|-" || rest === "|+") return this.literal(rest, indent);
    if (NUMBER.test(rest)) return Number(rest);
    if (rest.includes(": ") || rest.endsWith(":") || rest.startsWith("-") || rest.includes(" #"))
      throw new Unexpected();
    return plainScalar(rest);
  }

  literal(header: string, indent: string): string {
    const body: string[] = [];
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos] as string;
      if (line === "") body.push("");
      else if (line.startsWith(indent)) body.push(line.slice(indent.length));
      else break;
      this.pos++;
    }
    if (header === "|+") return body.map((l) => `${l}\n`).join("");
    while (body.length && body[body.length - 1] === "") body.pop();
    // Empty lines that belonged after the literal were not ours to take: give them back (none are emitted).
    return header === "|" ? `${body.join("\n")}\n` : body.join("\n");
  }

  /** A block at `indent`: a sequence when its first line is an item, else a mapping. */
  block(indent: string): unknown {
    const line = this.lines[this.pos];
    if (line === undefined) throw new Unexpected();
    if (line === `${indent}-` || line.startsWith(`${indent}- `)) return this.sequence(indent);
    return this.mapping(indent);
  }

  sequence(indent: string): unknown[] {
    const out: unknown[] = [];
    const child = `${indent}  `;
    for (;;) {
      const line = this.lines[this.pos];
      if (line === undefined) break;
      if (line === `${indent}-`) {
        this.pos++;
        out.push(this.block(child));
        continue;
      }
      if (!line.startsWith(`${indent}- `)) break;
      const rest = line.slice(indent.length + 2);
      if (isMapEntry(rest)) {
        // The item's first key shares the dash's line: read it as if it stood on its own line.
        this.lines[this.pos] = child + rest;
        out.push(this.mapping(child));
      } else {
        this.pos++;
        out.push(this.inline(rest, child));
      }
    }
    return out;
  }

  mapping(indent: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const child = `${indent}  `;
    for (;;) {
      const line = this.lines[this.pos];
      if (line === undefined || !line.startsWith(indent)) break;
      const text = line.slice(indent.length);
      if (text === "" || text.startsWith(" ") || text === "-" || text.startsWith("- ")) break;
      let key: string;
      let rest: string;
      if (text.startsWith('"')) {
        const end = jsonStringEnd(text, 0);
        key = JSON.parse(text.slice(0, end)) as string;
        if (text[end] !== ":") throw new Unexpected();
        rest = text.slice(end + 1);
      } else {
        const sep = text.indexOf(": ");
        if (sep >= 0) {
          key = text.slice(0, sep);
          rest = text.slice(sep + 1);
        } else if (text.endsWith(":")) {
          key = text.slice(0, -1);
          rest = "";
        } else throw new Unexpected();
      }
      this.pos++;
      if (rest === "") {
        const next = this.lines[this.pos] ?? "";
        // A sequence under a key sits at the key's own indentation.
        out[key] =
          next === `${indent}-` || next.startsWith(`${indent}- `)
            ? this.sequence(indent)
            : this.mapping(child);
      } else {
        if (!rest.startsWith(" ")) throw new Unexpected();
        out[key] = this.inline(rest.slice(1), child);
      }
    }
    return out;
  }
}

function isMapEntry(rest: string): boolean {
  if (rest.startsWith('"')) {
    const end = jsonStringEnd(rest, 0);
    return rest[end] === ":";
  }
  if (rest === "|" || rest === "|-" || rest === "|+" || rest === "[]" || rest === "{}") return false;
  return rest.includes(": ") || rest.endsWith(":");
}

/** Parses one document written by toYaml; throws on anything else (see readYamlDocument). */
export function parseEmittedYaml(text: string): unknown {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const reader = new Reader(lines);
  const value = reader.mapping("");
  if (reader.pos !== lines.length) throw new Unexpected("not a document written by ClusterCord");
  return value;
}

/** One archive document: the fast reader, or the `yaml` library for anything it does not expect. */
export function readYamlDocument(text: string): unknown {
  try {
    return parseEmittedYaml(text);
  } catch (error) {
    if (!(error instanceof Unexpected) && !(error instanceof SyntaxError)) throw error;
    return parse(text);
  }
}
