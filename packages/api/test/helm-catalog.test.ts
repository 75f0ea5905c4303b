import { gunzipSync, gzipSync } from "node:zlib";
import { AppError } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { MAX_FILE_BYTES, readChartArchive, readTarFiles } from "../src/services/chart-archive";
import { parseChangesAnnotation } from "../src/services/chart-changes";
import { indexUrl } from "../src/services/chart-index";
import { findChartVersion, parseChartIndex } from "../src/services/chart-index-model";
import { mergeResults, normalizeQuery, RANK, rankResult, searchIndex } from "../src/services/chart-search";
import { archiveUrl } from "../src/services/chart-sources";
import { compareVersions } from "../src/services/chart-versions";
import { normalizeRepoUrl } from "../src/services/helm-repos";

const INDEX = `apiVersion: v1
entries:
  nginx:
    - name: nginx
      version: 1.2.0
      appVersion: "1.27.3"
      description: A web server
      created: "2026-01-01T00:00:00Z"
      digest: abc
      urls: [nginx-1.2.0.tgz]
    - name: nginx
      version: 1.10.0
      appVersion: 1.28
      description: A web server
      created: "2026-03-01T00:00:00Z"
      urls: [https://cdn.example.com/nginx-1.10.0.tgz]
      annotations:
        artifacthub.io/changes: |
          - kind: added
            description: HTTP/3
          - plain text change
  nginx-ingress:
    - name: nginx-ingress
      version: 0.1.0
      description: Ingress controller
      urls: [nginx-ingress-0.1.0.tgz]
  my-nginx-fork:
    - name: my-nginx-fork
      version: 2.0.0
      description: A fork
      urls: [fork.tgz]
  redis:
    - name: redis
      version: 7.0.0
      description: Key-value store, works well behind nginx
      urls: [redis.tgz]
    - name: redis
      version: 8.0.0
      urls: []
  "bad name!":
    - name: "bad name!"
      version: 1.0.0
      urls: [bad.tgz]
generated: "2026-03-01T00:00:00Z"
`;

/** A minimal ustar archive of `files` (path -> content), gzipped as helm package writes it. */
function tgz(files: Record<string, string | Buffer>): Buffer {
  const blocks: Buffer[] = [];
  for (const [path, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const header = Buffer.alloc(512);
    header.write(path, 0, 100);
    header.write("0000644\0", 100);
    header.write("0000000\0", 108);
    header.write("0000000\0", 116);
    header.write(`${data.length.toString(8).padStart(11, "0")}\0`, 124);
    header.write("00000000000\0", 136);
    header.write("        ", 148);
    header.write("0", 156);
    header.write("ustar\0", 257);
    header.write("00", 263);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

describe("chart versions", () => {
  it("order as SemVer, pre-releases below their release, non-SemVer last", () => {
    const sorted = ["1.2.0", "1.10.0", "v1.9.1", "2.0.0-rc.1", "2.0.0", "latest"].sort(compareVersions);
    expect(sorted).toEqual(["latest", "1.2.0", "v1.9.1", "1.10.0", "2.0.0-rc.1", "2.0.0"]);
    expect(compareVersions("1.2", "1.2.0")).toBe(0);
    expect(compareVersions("1.0.0-alpha.2", "1.0.0-alpha.10")).toBeLessThan(0);
    expect(compareVersions("1.0.0-alpha", "1.0.0-alpha.1")).toBeLessThan(0);
  });
});

describe("repository index parsing", () => {
  const index = parseChartIndex(INDEX, "The index of repository local");

  it("keeps valid entries, newest first, and skips invalid ones", () => {
    expect(index.charts.get("nginx")?.map((e) => e.version)).toEqual(["1.10.0", "1.2.0"]);
    // appVersion 1.28 was read as a number by YAML: kept as the text.
    expect(index.charts.get("nginx")?.[0]?.appVersion).toBe("1.28");
    // redis 8.0.0 has no URL: skipped, 7.0.0 stays.
    expect(index.charts.get("redis")?.map((e) => e.version)).toEqual(["7.0.0"]);
    expect(index.skipped).toBe(2); // redis 8.0.0, and "bad name!" (not a name install could take)
    expect(index.entryCount).toBe(5);
    expect(index.rows.map((r) => r.name)).toEqual(["my-nginx-fork", "nginx", "nginx-ingress", "redis"]);
  });

  it("finds a version, or names what is missing", () => {
    expect(findChartVersion(index, "local", "nginx").entry.version).toBe("1.10.0");
    expect(findChartVersion(index, "local", "nginx", "v1.2.0").entry.digest).toBe("abc");
    expect(() => findChartVersion(index, "local", "nginx", "9.9.9")).toThrow(
      "nginx has no version 9.9.9; the newest is 1.10.0.",
    );
    expect(() => findChartVersion(index, "local", "postgres")).toThrow(
      "There is no chart postgres in repository local.",
    );
  });

  it("refuses text that is not YAML, not an index, or uses aliases", () => {
    expect(() => parseChartIndex("entries: [unclosed", "The index of repository x")).toThrow(
      /The index of repository x is not valid YAML/,
    );
    expect(() => parseChartIndex("<html>not found</html>", "The index of repository x")).toThrow(
      /is not a Helm repository index/,
    );
    const bomb = `a: &a [x, x, x]\nb: &b [*a, *a, *a]\nentries: {c: [*b, *b]}\n`;
    expect(() => parseChartIndex(bomb, "The index of repository x")).toThrow(/not valid YAML/);
  });

  it("resolves index and archive URLs against the repository root", () => {
    expect(indexUrl("http://h/charts")).toBe("http://h/charts/index.yaml");
    expect(indexUrl("http://h/charts/")).toBe("http://h/charts/index.yaml");
    const [newest, older] = index.charts.get("nginx") ?? [];
    expect(older && archiveUrl("http://h/charts", older)).toBe("http://h/charts/nginx-1.2.0.tgz");
    expect(newest && archiveUrl("http://h/charts", newest)).toBe("https://cdn.example.com/nginx-1.10.0.tgz");
  });
});

describe("changelog annotation", () => {
  it("reads {kind, description} objects and plain strings", () => {
    const entry = parseChartIndex(INDEX, "x").charts.get("nginx")?.[0];
    expect(parseChangesAnnotation(entry?.changes)).toEqual([
      { kind: "added", description: "HTTP/3" },
      { kind: "changed", description: "plain text change" },
    ]);
  });

  it("yields nothing for a missing or malformed annotation", () => {
    expect(parseChangesAnnotation(null)).toEqual([]);
    expect(parseChangesAnnotation("kind: added")).toEqual([]);
    expect(parseChangesAnnotation("- [unclosed")).toEqual([]);
    expect(parseChangesAnnotation("- kind: fixed\n- description: ''")).toEqual([]);
  });
});

describe("search ranking", () => {
  const index = parseChartIndex(INDEX, "x");

  it("ranks exact name, prefix, substring, then description", () => {
    const ranked = searchIndex(index, "local", normalizeQuery("  NGINX "));
    const byChart = Object.fromEntries(ranked.map((r) => [r.result.chart, r.rank]));
    expect(byChart).toEqual({
      nginx: RANK.exact,
      "nginx-ingress": RANK.prefix,
      "my-nginx-fork": RANK.substring,
      redis: RANK.description,
    });
    expect(mergeResults([ranked], 10).map((r) => r.ref)).toEqual([
      "local/nginx",
      "local/nginx-ingress",
      "local/my-nginx-fork",
      "local/redis",
    ]);
    expect(ranked.find((r) => r.result.chart === "nginx")?.result).toMatchObject({
      version: "1.10.0",
      appVersion: "1.28",
      source: "repository",
    });
  });

  it("matches several words anywhere, and nothing else", () => {
    expect(searchIndex(index, "local", normalizeQuery("store key")).map((r) => r.result.chart)).toEqual([
      "redis",
    ]);
    expect(searchIndex(index, "local", normalizeQuery("postgres"))).toEqual([]);
  });

  it("merges sources: one result per ref, repositories first, then marks and stars", () => {
    const q = normalizeQuery("nginx");
    const own = searchIndex(index, "bitnami", q);
    const hub = [
      { chart: "nginx", repo: "bitnami", stars: 900, official: false, verified: true },
      { chart: "nginx", repo: "other", stars: 10, official: false, verified: false },
      { chart: "nginx", repo: "official", stars: 1, official: true, verified: true },
    ].map((r) =>
      rankResult(
        {
          ...r,
          ref: `${r.repo}/${r.chart}`,
          version: "1.0.0",
          appVersion: null,
          description: "",
          source: "artifacthub",
        },
        q,
      ),
    );
    const merged = mergeResults([own, hub], 4);
    expect(merged.map((r) => `${r.ref}:${r.source}`)).toEqual([
      "official/nginx:artifacthub",
      "other/nginx:artifacthub",
      "bitnami/nginx:repository", // the configured repository shadows ArtifactHub's bitnami/nginx
      "bitnami/nginx-ingress:repository",
    ]);
  });

  it("searches a 10,000-chart index in well under 10 ms", () => {
    const lines = ["apiVersion: v1", "entries:"];
    for (let i = 0; i < 10_000; i++) {
      lines.push(`  chart-${i}:`, `    - name: chart-${i}`, `      version: 1.0.${i % 7}`);
      lines.push(`      description: Generated chart number ${i}`, `      urls: [chart-${i}.tgz]`);
    }
    const big = parseChartIndex(lines.join("\n"), "x");
    const q = normalizeQuery("chart-99");
    // Best of several runs: the machine's other load should not decide the outcome.
    let elapsed = Number.POSITIVE_INFINITY;
    let ranked = searchIndex(big, "big", q);
    let results = mergeResults([ranked], 20);
    for (let run = 0; run < 10; run++) {
      const started = performance.now();
      ranked = searchIndex(big, "big", q);
      results = mergeResults([ranked], 20);
      elapsed = Math.min(elapsed, performance.now() - started);
    }
    expect(results[0]?.chart).toBe("chart-99");
    expect(ranked).toHaveLength(111); // chart-99, chart-990..999, chart-9900..9999
    expect(elapsed).toBeLessThan(10);
  });
});

describe("chart archives", () => {
  it("read values, README and schema of the chart itself, not of a sub-chart", async () => {
    const files = await readChartArchive(
      tgz({
        "nginx/Chart.yaml": "name: nginx",
        "nginx/values.yaml": "replicaCount: 1\n",
        "nginx/README.md": "# nginx\n",
        "nginx/values.schema.json": '{"type":"object"}',
        "nginx/charts/sub/values.yaml": "sub: true\n",
        "other/values.yaml": "other: true\n",
      }),
      "nginx",
    );
    expect(files).toEqual({ values: "replicaCount: 1\n", readme: "# nginx\n", schema: '{"type":"object"}' });
  });

  it("leave out what is absent, and drop a README that is too large", () => {
    // Unpacked by hand to test the tar reader alone.
    const tar = gunzipSync(
      tgz({ "app/values.yaml": "a: 1\n", "app/README.md": Buffer.alloc(MAX_FILE_BYTES + 1, 0x61) }),
    );
    expect(readTarFiles(tar, "app")).toEqual({ values: "a: 1\n", readme: null, schema: null });
  });

  it("refuse a values.yaml that is too large, and bytes that are not gzip", async () => {
    await expect(
      readChartArchive(tgz({ "app/values.yaml": Buffer.alloc(MAX_FILE_BYTES + 1, 0x61) }), "app"),
    ).rejects.toThrow("values.yaml in chart app is larger than 2 MiB.");
    await expect(readChartArchive(Buffer.from("not gzip"), "app")).rejects.toThrow(
      "The archive of chart app is not a gzip file.",
    );
  });

  it("refuse an archive that unpacks to more than 64 MiB (a zip bomb)", async () => {
    const bomb = gzipSync(Buffer.alloc(65 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(readChartArchive(bomb, "app")).rejects.toThrow(/unpacks to more than 64 MiB/);
  });
});

describe("repository URLs", () => {
  it("keep http(s) URLs without a trailing slash", () => {
    expect(normalizeRepoUrl(" https://charts.example.com/stable/ ")).toBe(
      "https://charts.example.com/stable",
    );
    expect(normalizeRepoUrl("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
  });

  it("refuse other schemes, credentials in the URL, queries and non-URLs with a clear message", () => {
    const message = (url: string) => {
      try {
        normalizeRepoUrl(url);
        return "accepted";
      } catch (error) {
        return error instanceof AppError ? error.userMessage : String(error);
      }
    };
    expect(message("ftp://charts.example.com/")).toBe(
      "The repository URL must be an http(s) URL, not ftp://.",
    );
    expect(message("file:///etc/passwd")).toBe("The repository URL must be an http(s) URL, not file://.");
    expect(message("charts.example.com")).toMatch(/must be an http\(s\) URL/);
    expect(message("https://user:hunter2@charts.example.com/")).toBe(
      "Put the repository's username and password in their own fields, not in the URL.",
    );
    expect(message("https://charts.example.com/?token=x")).toMatch(/must not have a query/);
  });
});
