/**
 * The YAML parser's error codes in our own words, for every strict YAML
 * intake (kubeconfigs, Helm values): the library's messages quote source
 * text, and the source may hold a token or a password.
 */
export const YAML_SYNTAX_PROBLEMS: Readonly<Record<string, string>> = {
  BAD_INDENT: "bad indentation",
  TAB_AS_INDENT: "tabs are not allowed as indentation",
  BLOCK_AS_IMPLICIT_KEY: "a nested mapping is not allowed here",
  MULTILINE_IMPLICIT_KEY: "a key must fit on one line",
  KEY_OVER_1024_CHARS: "a key is longer than 1024 characters",
  MISSING_CHAR: "a character is missing (such as `:`, `,`, `]` or `}`)",
  UNEXPECTED_TOKEN: "unexpected content",
  BAD_SCALAR_START: "a plain value cannot start with this character; quote it",
  BAD_DQ_ESCAPE: "invalid escape sequence in a double-quoted string",
  BLOCK_IN_FLOW: "block syntax is not allowed inside [ ] or { }",
  BAD_DIRECTIVE: "invalid % directive",
  BAD_PROP_ORDER: "anchor or tag in the wrong place",
  DUPLICATE_KEY: "a key appears twice in the same mapping",
  MULTIPLE_ANCHORS: "more than one anchor on a node",
  MULTIPLE_TAGS: "more than one tag on a node",
  BAD_ALIAS: "invalid alias",
  RESOURCE_EXHAUSTION: "nested too deeply",
};

/** One parser error code as a person reads it. */
export const yamlSyntaxProblem = (code: string) => YAML_SYNTAX_PROBLEMS[code] ?? `invalid YAML (${code})`;
