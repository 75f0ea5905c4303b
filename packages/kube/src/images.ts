/**
 * Container image references, checked before anything is created: the
 * grammar of distribution/reference (what the container runtimes accept),
 * with a message that names what is wrong. Pure.
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [domain "/"] component ("/" component)*      (lowercase)
 */

export interface ImageRef {
  /** The registry host (and port) when given, e.g. "ghcr.io", "localhost:5000"; null for Docker Hub's short form. */
  registry: string | null;
  /** The path in the registry, e.g. "library/nginx", "acme/api". */
  repository: string;
  tag: string | null;
  /** "sha256:<64 hex>" when pinned by digest. */
  digest: string | null;
}

export type ImageRefResult = { ok: true; ref: ImageRef } | { ok: false; problem: string };

const MAX_LENGTH = 512;
const MAX_NAME_LENGTH = 255;
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;

/** The first part is a registry when it has a dot or a port, or is "localhost" (as Docker decides). */
const looksLikeRegistry = (part: string) => part.includes(".") || part.includes(":") || part === "localhost";

export function parseImageRef(input: string): ImageRefResult {
  const fail = (problem: string): ImageRefResult => ({
    ok: false,
    problem: input.trim() ? `The image "${input}" is not a valid image reference: ${problem}.` : problem,
  });
  if (input.trim() === "")
    return { ok: false, problem: "The image is empty: give a reference like nginx:1.27." };
  if (/\s/.test(input)) return fail("it contains whitespace");
  if (input.length > MAX_LENGTH) return fail(`it is longer than ${MAX_LENGTH} characters`);

  let rest = input;
  let digest: string | null = null;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (digest === "") return fail('the digest after "@" is empty');
    if (digest.includes("@")) return fail('it has more than one "@"');
    if (!DIGEST.test(digest))
      return fail(`the digest "${digest}" is not algorithm:hex (e.g. sha256:<64 hex digits>)`);
    if (digest.startsWith("sha256:") && !SHA256.test(digest)) {
      return fail("a sha256 digest has exactly 64 lowercase hex digits");
    }
  }

  // A tag is after the last ":" that comes after the last "/" (a ":" before it is a registry port).
  let tag: string | null = null;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (tag === "") return fail('the tag after ":" is empty');
    if (!TAG.test(tag)) {
      return fail(
        `the tag "${tag}" may only have letters, digits, "_", "." and "-" (at most 128, not starting with "." or "-")`,
      );
    }
  }

  if (rest === "") return fail("the repository name is missing");
  if (rest.length > MAX_NAME_LENGTH) return fail(`the name is longer than ${MAX_NAME_LENGTH} characters`);
  const parts = rest.split("/");
  let registry: string | null = null;
  if (parts.length > 1 && looksLikeRegistry(parts[0] ?? "")) {
    registry = parts.shift() ?? null;
    if (!registry || !DOMAIN.test(registry)) return fail(`"${registry}" is not a registry host[:port]`);
  }
  for (const part of parts) {
    if (part === "") return fail('the repository name has an empty part (a leading, trailing or double "/")');
    if (part !== part.toLowerCase())
      return fail(`the repository name "${parts.join("/")}" must be lowercase`);
    if (!COMPONENT.test(part)) {
      return fail(
        `"${part}" may only have lowercase letters, digits and single ".", "_", "__" or "-" between them`,
      );
    }
  }
  return { ok: true, ref: { registry, repository: parts.join("/"), tag, digest } };
}

/** Null when `input` is a valid image reference, else the message naming the problem. */
export function imageRefProblem(input: string): string | null {
  const parsed = parseImageRef(input);
  return parsed.ok ? null : parsed.problem;
}
