import { describe, expect, it } from "vitest";
import { imageRefProblem, parseImageRef } from "../src/images";

describe("parseImageRef", () => {
  it.each([
    ["nginx", { registry: null, repository: "nginx", tag: null, digest: null }],
    ["nginx:1.27", { registry: null, repository: "nginx", tag: "1.27", digest: null }],
    ["acme/api:v2", { registry: null, repository: "acme/api", tag: "v2", digest: null }],
    [
      "ghcr.io/acme/api:2.0.1-rc_1",
      { registry: "ghcr.io", repository: "acme/api", tag: "2.0.1-rc_1", digest: null },
    ],
    ["localhost:5000/api", { registry: "localhost:5000", repository: "api", tag: null, digest: null }],
    [
      "registry.invalid/pause:1",
      { registry: "registry.invalid", repository: "pause", tag: "1", digest: null },
    ],
    [
      `busybox@sha256:${"a".repeat(64)}`,
      { registry: null, repository: "busybox", tag: null, digest: `sha256:${"a".repeat(64)}` },
    ],
    [
      `quay.io/a/b:1@sha256:${"0".repeat(64)}`,
      { registry: "quay.io", repository: "a/b", tag: "1", digest: `sha256:${"0".repeat(64)}` },
    ],
  ])("accepts %s", (input, ref) => {
    expect(parseImageRef(input)).toEqual({ ok: true, ref });
  });

  it.each([
    ["", "The image is empty: give a reference like nginx:1.27."],
    ["   ", "The image is empty: give a reference like nginx:1.27."],
    ["nginx:", 'The image "nginx:" is not a valid image reference: the tag after ":" is empty.'],
    [
      "UPPER/case",
      'The image "UPPER/case" is not a valid image reference: the repository name "UPPER/case" must be lowercase.',
    ],
    ["nginx 1.27", 'The image "nginx 1.27" is not a valid image reference: it contains whitespace.'],
    [":tag@", 'The image ":tag@" is not a valid image reference: the digest after "@" is empty.'],
    [":tag", 'The image ":tag" is not a valid image reference: the repository name is missing.'],
    [
      "nginx@sha256:abc",
      'The image "nginx@sha256:abc" is not a valid image reference: the digest "sha256:abc" is not algorithm:hex (e.g. sha256:<64 hex digits>).',
    ],
    [
      "acme//api",
      'The image "acme//api" is not a valid image reference: the repository name has an empty part (a leading, trailing or double "/").',
    ],
    [
      "api:-x",
      'The image "api:-x" is not a valid image reference: the tag "-x" may only have letters, digits, "_", "." and "-" (at most 128, not starting with "." or "-").',
    ],
    [
      "a..b",
      'The image "a..b" is not a valid image reference: "a..b" may only have lowercase letters, digits and single ".", "_", "__" or "-" between them.',
    ],
  ])("refuses %j with a message naming the problem", (input, problem) => {
    expect(parseImageRef(input)).toEqual({ ok: false, problem });
    expect(imageRefProblem(input)).toBe(problem);
  });

  it("says nothing about a valid reference", () => {
    expect(imageRefProblem("nginx:1.27")).toBeNull();
  });
});
