/** What a piece of one YAML line is, for colouring (a viewer's hint, never a parser's answer). */
export type YamlTokenKind = "key" | "string" | "number" | "literal" | "comment" | "punct" | "meta" | "text";

export interface YamlToken {
  kind: YamlTokenKind;
  text: string;
}

const NUMBER = /^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|0x[\da-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i;
const LITERAL = /^(true|false|null|~|yes|no|on|off)$/i;
/** A plain or quoted key, then `:` followed by a space or the line's end. */
const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}[\],&*!|>%@`-][^#]*?|-[^\s#][^#]*?)(:)(?=\s|$)/;

/**
 * Splits one line of YAML into coloured pieces: keys, scalars (strings,
 * numbers, true/false/null), comments, anchors/aliases/tags and punctuation.
 * Line by line, so a multi-line scalar's continuation reads as text; the
 * pieces always join back to the line.
 */
export function yamlTokens(line: string): YamlToken[] {
  const tokens: YamlToken[] = [];
  const push = (kind: YamlTokenKind, text: string) => {
    if (!text) return;
    const last = tokens[tokens.length - 1];
    if (last && last.kind === kind) last.text += text;
    else tokens.push({ kind, text });
  };

  let rest = line;
  const indent = /^\s*/.exec(rest)?.[0] ?? "";
  push("text", indent);
  rest = rest.slice(indent.length);

  if (/^(---|\.\.\.)(\s|$)/.test(rest)) {
    push("punct", rest.slice(0, 3));
    rest = rest.slice(3);
  }
  if (rest.startsWith("#")) {
    push("comment", rest);
    return tokens;
  }
  // Sequence markers: "- ", possibly several ("- - a").
  for (let m = /^-(\s+|$)/.exec(rest); m; m = /^-(\s+|$)/.exec(rest)) {
    push("punct", "-");
    push("text", m[1] ?? "");
    rest = rest.slice(m[0].length);
  }
  const key = KEY.exec(rest);
  if (key) {
    push("key", key[1] ?? "");
    push("punct", ":");
    rest = rest.slice(key[0].length);
    const space = /^\s*/.exec(rest)?.[0] ?? "";
    push("text", space);
    rest = rest.slice(space.length);
  }
  value(rest, push);
  return tokens;
}

function value(text: string, push: (kind: YamlTokenKind, text: string) => void) {
  let rest = text;
  // Anchors, aliases and tags before the scalar.
  for (let m = /^([&*!][^\s]*)(\s*)/.exec(rest); m && rest; m = /^([&*!][^\s]*)(\s*)/.exec(rest)) {
    push("meta", m[1] ?? "");
    push("text", m[2] ?? "");
    rest = rest.slice(m[0].length);
  }
  if (!rest) return;
  const quoted = /^("(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?)/.exec(rest);
  if (quoted && (rest.startsWith('"') || rest.startsWith("'"))) {
    push("string", quoted[0]);
    trailing(rest.slice(quoted[0].length), push);
    return;
  }
  if (/^[|>][-+0-9]*\s*(#.*)?$/.test(rest)) {
    const indicator = /^[|>][-+0-9]*/.exec(rest)?.[0] ?? "";
    push("punct", indicator);
    trailing(rest.slice(indicator.length), push);
    return;
  }
  // A plain scalar runs to a comment (" #") or the line's end.
  const hash = rest.search(/\s#/);
  const scalar = hash === -1 ? rest : rest.slice(0, hash);
  const trimmed = scalar.trimEnd();
  if (/^[[{]/.test(trimmed)) push("text", trimmed);
  else if (NUMBER.test(trimmed)) push("number", trimmed);
  else if (LITERAL.test(trimmed)) push("literal", trimmed);
  else push("string", trimmed);
  trailing(rest.slice(trimmed.length), push);
}

/** Spaces, then maybe a comment, after a value. */
function trailing(text: string, push: (kind: YamlTokenKind, text: string) => void) {
  const hash = text.indexOf("#");
  if (hash === -1) {
    push("text", text);
    return;
  }
  push("text", text.slice(0, hash));
  push("comment", text.slice(hash));
}
