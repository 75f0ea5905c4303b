import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { latestReleases, prepareReleaseSecret, type ReleaseSecretEntry } from "../src/helm/release-cache";

/** A release Secret exactly as Helm writes it: data.release is base64(base64(gzip(JSON))). */
function releaseSecret(
  name: string,
  namespace: string,
  revision: number,
  status: string,
  chartVersion = "1.2.0",
) {
  const json = {
    name,
    namespace,
    version: revision,
    info: {
      status,
      last_deployed: `2026-11-30T06:0${revision}:00Z`,
      description: "Install complete",
      notes: "",
    },
    chart: { metadata: { name: "nginx", version: chartVersion, appVersion: "1.27.3" }, values: {} },
    config: { auth: { password: "do-not-cache-me" } },
    manifest: "---\nkind: Secret\n",
  };
  const helmText = gzipSync(Buffer.from(JSON.stringify(json))).toString("base64");
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "helm.sh/release.v1",
    metadata: {
      name: `sh.helm.release.v1.${name}.v${revision}`,
      namespace,
      uid: `${namespace}-${name}-${revision}-${chartVersion}`,
      resourceVersion: String(100 + revision),
      labels: { owner: "helm", name, status, version: String(revision) },
      managedFields: [{ manager: "helm" }],
    },
    data: { release: Buffer.from(helmText).toString("base64") },
  };
}

describe("the release cache's prepare", () => {
  it("keeps the summary and the identity, never the payload", () => {
    const entry = prepareReleaseSecret(releaseSecret("web", "team-a", 2, "deployed")) as ReleaseSecretEntry;
    expect(entry.summary).toEqual({
      name: "web",
      namespace: "team-a",
      chart: "nginx",
      chartVersion: "1.2.0",
      appVersion: "1.27.3",
      status: "deployed",
      revision: 2,
      updated: "2026-11-30T06:02:00Z",
    });
    expect(entry.metadata).toEqual({
      name: "sh.helm.release.v1.web.v2",
      namespace: "team-a",
      uid: "team-a-web-2-1.2.0",
      resourceVersion: "102",
    });
    expect(JSON.stringify(entry)).not.toMatch(/do-not-cache-me|"data"|managedFields/);
  });

  it("keeps a Secret that is not a readable release as a null summary (it is listed nowhere)", () => {
    const valid = releaseSecret("web", "team-a", 1, "deployed");
    const broken = {
      ...valid,
      metadata: { ...valid.metadata, uid: "broken", resourceVersion: "7" },
      data: { release: "bm90IGd6aXA=" },
    };
    expect((prepareReleaseSecret(broken) as ReleaseSecretEntry).summary).toBeNull();
  });
});

describe("latestReleases", () => {
  const entries = [
    releaseSecret("web", "team-a", 1, "superseded"),
    releaseSecret("web", "team-a", 2, "deployed", "1.3.0"),
    releaseSecret("db", "team-a", 1, "failed"),
    releaseSecret("web", "team-b", 1, "deployed"),
    releaseSecret("api", "other", 4, "deployed"),
  ].map(prepareReleaseSecret);

  it("shows each release's latest revision, only in readable namespaces, sorted by namespace then name", () => {
    const rows = latestReleases(entries, { readable: new Set(["team-a", "team-b"]) });
    expect(rows.map((r) => [r.namespace, r.name, r.revision, r.chartVersion])).toEqual([
      ["team-a", "db", 1, "1.2.0"],
      ["team-a", "web", 2, "1.3.0"],
      ["team-b", "web", 1, "1.2.0"],
    ]);
  });

  it("filters by namespace and by the latest revision's status", () => {
    expect(latestReleases(entries, { readable: "all", namespace: "other" }).map((r) => r.name)).toEqual([
      "api",
    ]);
    expect(latestReleases(entries, { readable: "all", status: "superseded" })).toEqual([]);
    expect(latestReleases(entries, { readable: "all", status: "failed" }).map((r) => r.name)).toEqual(["db"]);
  });
});
