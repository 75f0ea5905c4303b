import { gzipSync } from "node:zlib";
import { AppError } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import {
  decodeRelease,
  HELM_RELEASE_MAX_JSON_BYTES,
  latestReleaseSecrets,
  releaseSecretMeta,
  releaseSummaryFromSecret,
  summarizeRelease,
} from "../src/helm/index";

/** Encodes as Helm 3 stores a release (gzip, base64), then as the API returns Secret data (base64 again). */
function encodeAsHelm(json: unknown, options: { gzip?: boolean } = {}): string {
  const bytes = Buffer.from(typeof json === "string" ? json : JSON.stringify(json));
  const helmText = (options.gzip === false ? bytes : gzipSync(bytes, { level: 9 })).toString("base64");
  return Buffer.from(helmText).toString("base64");
}

const release = (overrides: Record<string, unknown> = {}) => ({
  name: "web",
  namespace: "shop",
  version: 2,
  info: {
    first_deployed: "2026-03-01T10:00:00.123Z",
    last_deployed: "2026-03-02T11:00:00.456Z",
    deleted: "",
    description: "Upgrade complete",
    status: "deployed",
    notes: "Visit http://web.shop",
  },
  chart: {
    metadata: { apiVersion: "v2", name: "nginx", version: "1.2.0", appVersion: "1.25.3" },
    lock: null,
    templates: [{ name: "templates/svc.yaml", data: "YXBpVmVyc2lvbjogdjE=" }],
    values: { replicaCount: 1, service: { port: 80 } },
    schema: null,
    files: [],
  },
  config: { replicaCount: 3, auth: { password: "p" } },
  manifest:
    "---\n# Source: nginx/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
  hooks: [],
  ...overrides,
});

const secretFor = (r: ReturnType<typeof release>, labels: Record<string, string> = {}) => ({
  type: "helm.sh/release.v1",
  metadata: {
    name: `sh.helm.release.v1.${r.name}.v${r.version}`,
    namespace: r.namespace,
    labels: { name: r.name, owner: "helm", status: r.info.status, version: String(r.version), ...labels },
  },
  data: { release: encodeAsHelm(r) },
});

function unreadable(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).userMessage;
  }
  throw new Error("expected an AppError");
}

describe("decodeRelease", () => {
  it("reads what Helm stored, round trip", () => {
    expect(decodeRelease(encodeAsHelm(release()))).toEqual({
      name: "web",
      namespace: "shop",
      revision: 2,
      status: "deployed",
      updated: "2026-03-02T11:00:00.456Z",
      firstDeployed: "2026-03-01T10:00:00.123Z",
      description: "Upgrade complete",
      notes: "Visit http://web.shop",
      chart: { name: "nginx", version: "1.2.0", appVersion: "1.25.3" },
      userValues: { replicaCount: 3, auth: { password: "p" } },
      chartValues: { replicaCount: 1, service: { port: 80 } },
      manifest: release().manifest,
    });
  });

  it("reads releases stored without gzip, and fills what Helm left out", () => {
    const base = release();
    const bare = {
      ...base,
      config: null,
      manifest: undefined,
      chart: { ...base.chart, metadata: { apiVersion: "v2", name: "nginx", version: "1.2.0" }, values: null },
      info: { ...base.info, status: "something-new", notes: undefined },
    };
    const record = decodeRelease(encodeAsHelm(bare, { gzip: false }));
    expect(record).toMatchObject({
      status: "unknown",
      notes: "",
      userValues: {},
      chartValues: {},
      manifest: "",
    });
    expect(record.chart.appVersion).toBeNull();
  });

  it("refuses data that is not base64, not gzip, or not JSON, with a message", () => {
    expect(unreadable(() => decodeRelease("%%%not base64%%%"))).toBe(
      "a Helm release record could not be read: the Secret's data is not base64",
    );
    expect(unreadable(() => decodeRelease(Buffer.from("@@@@").toString("base64")))).toBe(
      "a Helm release record could not be read: the base64 inside it is not base64",
    );
    const brokenGzip = Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6]).toString("base64");
    expect(unreadable(() => decodeRelease(Buffer.from(brokenGzip).toString("base64")))).toBe(
      "a Helm release record could not be read: it is not valid gzip",
    );
    expect(unreadable(() => decodeRelease(encodeAsHelm("{not json")))).toBe(
      "a Helm release record could not be read: it is not JSON (neither gzip nor plain Helm JSON)",
    );
    expect(unreadable(() => decodeRelease(encodeAsHelm({ name: "web" })))).toMatch(
      /^a Helm release record could not be read: namespace: /,
    );
  });

  it("refuses a record that unpacks beyond the limit instead of filling memory", () => {
    // 40 MiB of spaces gzip to ~40 KiB: a small Secret, a large heap.
    const padded = `${" ".repeat(HELM_RELEASE_MAX_JSON_BYTES + 8 * 1024 * 1024)}${JSON.stringify(release())}`;
    const encoded = encodeAsHelm(padded);
    expect(encoded.length).toBeLessThan(200_000);
    expect(unreadable(() => decodeRelease(encoded))).toBe(
      "a Helm release record could not be read: it unpacks to more than 32 MiB",
    );
  });
});

describe("release summaries", () => {
  it("summarizes a record as the list shows it", () => {
    expect(summarizeRelease(decodeRelease(encodeAsHelm(release())))).toEqual({
      name: "web",
      namespace: "shop",
      chart: "nginx",
      chartVersion: "1.2.0",
      appVersion: "1.25.3",
      status: "deployed",
      revision: 2,
      updated: "2026-03-02T11:00:00.456Z",
    });
  });

  it("reads a release Secret", () => {
    expect(releaseSummaryFromSecret(secretFor(release()))).toMatchObject({
      name: "web",
      revision: 2,
      chart: "nginx",
    });
  });

  it("reads name, revision and status from labels alone, and rejects Secrets that are not Helm's", () => {
    expect(releaseSecretMeta(secretFor(release()))).toEqual({
      name: "web",
      namespace: "shop",
      revision: 2,
      status: "deployed",
    });
    const notHelm = { ...secretFor(release()), type: "Opaque" };
    expect(releaseSecretMeta(notHelm)).toBeNull();
    expect(unreadable(() => releaseSummaryFromSecret(notHelm))).toBe(
      "a Helm release record could not be read: sh.helm.release.v1.web.v2 is not a Helm release Secret",
    );
    const noData = { ...secretFor(release()), data: {} };
    expect(unreadable(() => releaseSummaryFromSecret(noData))).toMatch(/has no release data$/);
  });

  it("keeps the newest revision of each release", () => {
    const web1 = secretFor(release({ version: 1, info: { ...release().info, status: "superseded" } }));
    const web2 = secretFor(release());
    const api1 = secretFor(release({ name: "api", version: 1 }));
    const other = { type: "Opaque", metadata: { name: "x", namespace: "shop" } };
    const latest = latestReleaseSecrets([web2, api1, web1, other]);
    expect(latest.map((s) => s.metadata?.name).sort()).toEqual([
      "sh.helm.release.v1.api.v1",
      "sh.helm.release.v1.web.v2",
    ]);
  });
});
