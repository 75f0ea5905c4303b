import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");

describe("the image's helm", () => {
  it("is the version the tests run (testenv's HELM_VERSION), and the web target uses it", () => {
    const pinned = /^HELM_VERSION=(\S+)$/m.exec(
      readFileSync(join(root, "packages/testenv/cluster/versions.env"), "utf8"),
    )?.[1];
    const dockerfile = readFileSync(join(root, "docker/Dockerfile"), "utf8");
    expect(pinned).toMatch(/^v3\.\d+\.\d+$/);
    expect(/^ARG HELM_VERSION=(\S+)$/m.exec(dockerfile)?.[1]).toBe(pinned);
    expect(dockerfile).toMatch(/sha256sum -c -/);
    expect(dockerfile).toMatch(
      /FROM build AS web\nCOPY --from=helm \/usr\/local\/bin\/helm \/usr\/local\/bin\/helm\nENV .*HELM_BINARY=\/usr\/local\/bin\/helm/,
    );
  });
});
