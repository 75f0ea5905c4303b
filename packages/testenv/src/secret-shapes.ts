/**
 * Tokens and passwords of every shape, for feeding through every refusal
 * (kubeconfig intake, clusters.add, audit rows): no message may quote any of
 * them. Each carries a marker (SECRET, s3cr3t or tok3n) that no message of
 * ours contains. The YAML-looking ones become tags, aliases, anchors, flow
 * mappings or syntax errors when written unquoted.
 */
import { registerSecret } from "./leak-check";

export const SECRET_SHAPES = [
  "!tok3n-SECRET-01", // an unquoted value starting with ! is a YAML tag
  "!!s3cr3t-SECRET-02", // a secondary-handle tag
  "!<tag:tok3n-SECRET-03>", // a verbatim tag
  "*alias-SECRET-04", // an alias
  "&anchor-SECRET-05 tail", // an anchor
  "{{ tok3n-SECRET-06 }}", // a template: a flow mapping whose key is a mapping
  "{s3cr3t-SECRET-07}", // a flow mapping whose key is the secret
  "{s3cr3t-SECRET-08, s3cr3t-SECRET-08}", // …and a duplicate key
  "[s3cr3t-SECRET-09]", // a flow sequence
  "%s3cr3t-SECRET-10", // a directive character
  "@s3cr3t-SECRET-11", // reserved indicator
  "`s3cr3t-SECRET-12", // reserved indicator
  "'s3cr3t-SECRET-13", // an unterminated single quote
  '"s3cr3t-SECRET-14', // an unterminated double quote
  '"bad \\q escape s3cr3t-SECRET-15"', // a bad escape
  "s3cr3t-SECRET-16: nested", // looks like a key
  "pass word s3cr3t-SECRET-17", // spaces: not a header value
  "line1\ns3cr3t-SECRET-18", // a newline
  "tab\ts3cr3t-SECRET-19", // a control character
  `long-${"x".repeat(3000)}-s3cr3t-SECRET-20`, // very long
  "ünïcödé-s3cr3t-SECRET-21-🔑", // unicode
  "- s3cr3t-SECRET-22", // a sequence entry
  "? s3cr3t-SECRET-23", // a complex key
  "| s3cr3t-SECRET-24", // a block scalar indicator
  "> s3cr3t-SECRET-25", // a folded scalar indicator
  "#s3cr3t-SECRET-26", // a comment
  "--- s3cr3t-SECRET-27", // a document marker
  "s3cr3t-SECRET-28:with:colons", // colons without a space (a valid plain scalar)
  "'quoted''s3cr3t-SECRET-29'", // a valid single-quoted scalar
  '"s3cr3t-SECRET-30\\u0000"', // a NUL escape
] as const;
// …and the suite-wide leak check looks for every one of them in all collected output.
for (const [i, shape] of SECRET_SHAPES.entries()) registerSecret(shape, `secret shape ${i + 1}`);

/** Matches any of SECRET_SHAPES (each carries one of these words; no message of ours does). */
export const SECRET_MARKERS = /SECRET|s3cr3t|tok3n/;
