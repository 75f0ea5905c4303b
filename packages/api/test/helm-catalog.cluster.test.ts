/**
 * The Helm catalog end to end over HTTP: the guild's repositories, search
 * over ArtifactHub (the stand-in) and repositories, chart details, and
 * downloadChart, with the local chart repository served from 127.0.0.1 and
 * every bad input refused with its message.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type {
  HelmChartOutput,
  HelmRepo,
  HelmReposListOutput,
  HelmSearchOutput,
} from "@clustercord/contracts";
import { type ArtifactHubStandIn, startArtifactHubStandIn } from "@clustercord/testenv/artifacthub";
import { type ChartRepo, serveChartRepo } from "@clustercord/testenv/cluster/charts";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiDeps } from "../src/context";
import { ChartIndexCache, indexCacheFor } from "../src/services/chart-index";
import { downloadChart } from "../src/services/helm-charts";
import { ACME, ALICE, type ApiHarness, BETA, BOB, CAROL, startApiHarness } from "./harness";

let repo: ChartRepo;
let hub: ArtifactHubStandIn;
let h: ApiHarness;
const servers: { close(): Promise<void> }[] = [];

const PASSWORD = registerSecret(`repo-pw-${randomBytes(12).toString("hex")}`, "chart repository password");

/** A throwaway HTTP server on 127.0.0.1; its requests are recorded. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const handle = { url, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
  servers.push(handle);
  return handle;
}

/**
 * Serves the local repository's files from another origin (its index's
 * archive URLs rewritten to that origin), with `tweak` answering first.
 */
async function mirror(tweak: (req: IncomingMessage, res: ServerResponse) => boolean) {
  let self = "";
  const handle = await serve((req, res) => {
    if (tweak(req, res)) return;
    const name = new URL(req.url ?? "/", "http://x").pathname.split("/").pop() ?? "";
    readFile(join(repo.dir, name)).then(
      (body) =>
        res.writeHead(200).end(name === "index.yaml" ? body.toString().replaceAll(repo.url, self) : body),
      () => res.writeHead(404).end(),
    );
  });
  self = handle.url;
  return handle;
}

const add = (who: readonly [string, string], input: Record<string, unknown>) =>
  h.call<HelmRepo>("helm.repos.add", who, { input, mutation: true });

beforeAll(async () => {
  repo = await serveChartRepo();
  hub = await startArtifactHubStandIn({ repo, stars: { nginx: 42 }, official: ["nginx"] });
  h = await startApiHarness({ artifactHubUrl: hub.url });
}, 600_000);

afterAll(async () => {
  await h?.close();
  await hub?.close();
  await repo?.close();
  await Promise.all(servers.map((s) => s.close()));
});

describe("chart repositories", () => {
  it("lets an admin add a repository (its index fetched once through the guard) and lists it", async () => {
    const added = await add([ALICE, ACME], { name: "local", url: `${repo.url}/` });
    expect(added.error).toBeUndefined();
    expect(added.data).toMatchObject({ name: "local", url: repo.url, hasCredentials: false, addedBy: ALICE });
    const list = await h.call<HelmReposListOutput>("helm.repos.list", [BOB, ACME]);
    expect(list.data.repos.map((r) => r.name)).toEqual(["local"]);
    // Another guild sees none of Acme's repositories.
    expect((await h.call<HelmReposListOutput>("helm.repos.list", [CAROL, BETA])).data.repos).toEqual([]);
    expect((await add([ALICE, ACME], { name: "local", url: repo.url })).error?.message).toBe(
      'A chart repository named "local" already exists in this server.',
    );
  });

  it("refuses an operator before anything is fetched", async () => {
    const counting = await mirror(() => false);
    const res = await add([BOB, ACME], { name: "mine", url: counting.url });
    expect(res.status).toBe(403);
    expect(res.error?.message).toMatch(/needs the admin role/);
    expect(counting.requests).toHaveLength(0);
  });

  it("refuses each bad URL with its message, storing nothing", async () => {
    const message = async (url: string, name = "bad") =>
      (await add([ALICE, ACME], { name, url })).error?.message;
    expect(await message("ftp://charts.example.com/")).toBe(
      "The repository URL must be an http(s) URL, not ftp://.",
    );
    expect(await message("file:///etc/passwd")).toBe(
      "The repository URL must be an http(s) URL, not file://.",
    );
    expect(await message("http://10.0.0.1/")).toMatch(
      /^The index of repository bad: 10\.0\.0\.1 is a private address; only public addresses are allowed unless an operator allows the network in CLUSTERCORD_ALLOWED_CHART_NETWORKS/,
    );
    expect(await message("http://169.254.169.254/latest/")).toMatch(/cloud metadata address/);

    // An allowed server redirecting to 127.0.0.1: refused, and the location is not echoed.
    const redirector = await serve((_req, res) =>
      res.writeHead(302, { location: "http://127.0.0.1:1/hidden-location-7f3a/index.yaml" }).end(),
    );
    const redirected = await message(redirector.url);
    expect(redirected).toMatch(/redirect \(HTTP 302\); ClusterCord does not follow redirects/);
    expect(redirected).not.toContain("hidden-location");

    const notYaml = await serve((_req, res) => res.writeHead(200).end("entries: [unclosed\n  - {"));
    expect(await message(notYaml.url)).toMatch(/^The index of repository bad is not valid YAML/);
    const html = await serve((_req, res) => res.writeHead(200).end("<html><body>Welcome</body></html>"));
    expect(await message(html.url)).toBe(
      'The index of repository bad is not a Helm repository index (no "entries" map).',
    );
    const missing = await serve((_req, res) => res.writeHead(404).end());
    expect(await message(missing.url)).toMatch(/was not found \(HTTP 404\)/);

    // 21 MiB, streamed without a length: cut off at 20 MiB.
    const big = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/x-yaml" });
      const line = `# ${"x".repeat(1021)}\n`;
      let sent = 0;
      const pump = () => {
        while (sent < 21 * 1024) {
          sent++;
          if (!res.write(line)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
      res.on("error", () => {});
    });
    expect(await message(big.url)).toBe(
      "The index of repository bad is larger than 20 MiB, the most ClusterCord reads.",
    );
    expect((await add([ALICE, ACME], { name: "half", url: repo.url, username: "u" })).error?.message).toBe(
      "Give both a username and a password for the repository, or neither.",
    );
    expect(await h.db.prisma.helmRepository.count({ where: { name: { in: ["bad", "half"] } } })).toBe(0);
  });

  it("seals credentials: used to fetch, never returned, never in an audit row", async () => {
    const expected = `Basic ${Buffer.from(`reader:${PASSWORD}`).toString("base64")}`;
    const privateRepo = await mirror((req, res) => {
      if (req.headers.authorization === expected) return false;
      res.writeHead(401, { "www-authenticate": 'Basic realm="charts"' }).end();
      return true;
    });
    const wrong = await add([ALICE, ACME], {
      name: "private",
      url: privateRepo.url,
      username: "reader",
      password: "nope-nope",
    });
    expect(wrong.error?.message).toBe(
      "The index of repository private refused ClusterCord (HTTP 401): check the repository's username and password.",
    );
    const added = await add([ALICE, ACME], {
      name: "private",
      url: privateRepo.url,
      username: "reader",
      password: PASSWORD,
    });
    expect(added.data).toMatchObject({ name: "private", hasCredentials: true });
    const row = await h.db.prisma.helmRepository.findFirstOrThrow({ where: { name: "private" } });
    expect(row.credential).toMatch(/^v1\.k1\./);

    // Search reaches the private repository with its credentials (from another guild's view: nothing).
    const found = await h.call<HelmSearchOutput>("helm.search", [BOB, ACME], {
      input: { query: "configurable", repo: "private" },
    });
    expect(found.data.results.map((r) => r.ref)).toEqual(["private/configurable"]);
    const chart = await h.call<HelmChartOutput>("helm.chart", [BOB, ACME], {
      input: { ref: "private/configurable" },
    });
    expect(chart.data.valuesSchema).not.toBeNull();

    const answers = JSON.stringify([added, await h.call("helm.repos.list", [ALICE, ACME]), found, chart]);
    const audit = JSON.stringify(
      await h.db.prisma.auditLog.findMany({ where: { action: { startsWith: "helm." } } }),
      (_, v) => (typeof v === "bigint" ? String(v) : v),
    );
    for (const text of [answers, audit, JSON.stringify(row)]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(Buffer.from(`reader:${PASSWORD}`).toString("base64"));
    }
    const rows = await h.db.prisma.auditLog.findMany({ where: { action: "helm.repos.add", result: "ok" } });
    expect(rows.map((r) => r.target).sort()).toEqual(["repo/local", "repo/private"]);
  });

  it("removes a repository; an unknown one is NOT_FOUND naming it", async () => {
    const extra = await add([ALICE, ACME], { name: "extra", url: repo.url });
    expect(extra.error).toBeUndefined();
    const removed = await h.call("helm.repos.remove", [ALICE, ACME], {
      input: { name: "extra" },
      mutation: true,
    });
    expect(removed.data).toEqual({ removed: "extra" });
    const again = await h.call("helm.repos.remove", [ALICE, ACME], {
      input: { name: "extra" },
      mutation: true,
    });
    expect(again.status).toBe(404);
    expect(again.error?.message).toBe('There is no chart repository named "extra" in this server.');
    expect(
      (await h.call("helm.repos.remove", [BOB, ACME], { input: { name: "local" }, mutation: true })).status,
    ).toBe(403);
  });
});

describe("search", () => {
  it("finds local charts from both sources, best match first, with ArtifactHub's marks", async () => {
    const res = await h.call<HelmSearchOutput>("helm.search", [BOB, ACME], { input: { query: "nginx" } });
    expect(res.data.problems).toEqual([]);
    const refs = res.data.results.map((r) => `${r.ref}:${r.source}`);
    expect(refs).toContain("local/nginx:repository");
    expect(refs).toContain("clustercord/nginx:artifacthub");
    expect(refs).toContain("private/nginx:repository");
    // Exact name matches come first; the official, starred ArtifactHub one leads them.
    expect(res.data.results[0]).toMatchObject({
      ref: "clustercord/nginx",
      version: "1.4.0",
      appVersion: "1.27.3",
      stars: 42,
      official: true,
      verified: true,
    });
    expect(res.data.results.find((r) => r.ref === "local/nginx")).toMatchObject({
      version: "1.4.0",
      stars: null,
      official: false,
    });
  });

  it("filters by repository, a configured one or ArtifactHub's", async () => {
    const own = await h.call<HelmSearchOutput>("helm.search", [BOB, ACME], {
      input: { query: "a", repo: "local" },
    });
    expect(new Set(own.data.results.map((r) => r.repo))).toEqual(new Set(["local"]));
    expect(own.data.results.map((r) => r.chart)).toEqual(
      expect.arrayContaining(["configurable", "flaky", "nginx"]),
    );
    const theirs = await h.call<HelmSearchOutput>("helm.search", [BOB, ACME], {
      input: { query: "flaky", repo: "clustercord" },
    });
    expect(theirs.data.results.map((r) => r.ref)).toEqual(["clustercord/flaky"]);
    expect(hub.requests.at(-1)).toMatch(/ts_query_web=flaky&kind=0&limit=20&offset=0&repo=clustercord$/);
  });

  it("answers from the other sources when one fails, naming the one that did", async () => {
    hub.failWith = 503;
    try {
      const res = await h.call<HelmSearchOutput>("helm.search", [BOB, ACME], { input: { query: "redis" } });
      expect(res.data.problems).toEqual([
        { source: "ArtifactHub", problem: "ArtifactHub answered HTTP 503." },
      ]);
      expect(res.data.results.map((r) => r.ref)).toEqual(["local/redis", "private/redis"]);
    } finally {
      hub.failWith = null;
    }
  });

  it("does not wait more than 5 s for a slow source", async () => {
    // Beta's own repository answers slowly: Beta's search reports it and answers from ArtifactHub.
    const held: ServerResponse[] = [];
    let answered = 0;
    const slow = await mirror((_req, res) => {
      if (answered++ === 0) return false; // the add's fetch is answered at once, later ones never
      held.push(res);
      return true;
    });
    expect((await add([CAROL, BETA], { name: "slow", url: slow.url })).error).toBeUndefined();
    indexCacheFor(h.helm.guard).forget(slow.url);
    const started = Date.now();
    const res = await h.call<HelmSearchOutput>("helm.search", [CAROL, BETA], { input: { query: "nginx" } });
    for (const res of held) res.destroy();
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(res.data.problems).toEqual([
      { source: "slow", problem: "Repository slow did not answer within 5 s." },
    ]);
    expect(res.data.results.map((r) => r.ref)).toContain("clustercord/nginx");
    await h.call("helm.repos.remove", [CAROL, BETA], { input: { name: "slow" }, mutation: true });
  });

  it("shows another guild only ArtifactHub", async () => {
    const res = await h.call<HelmSearchOutput>("helm.search", [CAROL, BETA], { input: { query: "nginx" } });
    expect(res.data.results.map((r) => r.ref)).toContain("clustercord/nginx");
    expect(res.data.results.every((r) => r.source === "artifacthub")).toBe(true);
    const chart = await h.call("helm.chart", [CAROL, BETA], { input: { ref: "local/nginx" } });
    expect(chart.status).toBe(404);
  });

  it("refuses an empty query with its message", async () => {
    const res = await h.call("helm.search", [BOB, ACME], { input: { query: "   " } });
    expect(res.status).toBe(400);
    expect(res.error?.message).toMatch(/say what to search for/);
  });
});

describe("chart details", () => {
  it("shows versions with dates, the changelog, default values and no README for nginx", async () => {
    const res = await h.call<HelmChartOutput>("helm.chart", [BOB, ACME], { input: { ref: "local/nginx" } });
    expect(res.error).toBeUndefined();
    expect(res.data).toMatchObject({ chart: "nginx", repo: "local", version: "1.4.0", appVersion: "1.27.3" });
    expect(res.data.versions.map((v) => v.version)).toEqual(["1.4.0", "1.3.0", "1.2.0"]);
    for (const v of res.data.versions) expect(Date.parse(v.createdAt ?? "")).toBeGreaterThan(0);
    expect(res.data.changes).toEqual([
      { kind: "fixed", description: "Service selector matches the instance label" },
      { kind: "security", description: "Image pull policy defaults to IfNotPresent" },
    ]);
    expect(res.data.defaultValues).toContain("replicaCount: 1");
    expect(res.data.valuesSchema).toBeNull();
    expect(res.data.readme).toBeNull();
    const older = await h.call<HelmChartOutput>("helm.chart", [BOB, ACME], {
      input: { ref: "local/nginx", version: "1.3.0" },
    });
    expect(older.data.changes.map((c) => c.kind)).toEqual(["added", "changed"]);
  });

  it("reads values.schema.json and the README of configurable, through ArtifactHub too", async () => {
    for (const ref of ["local/configurable", "clustercord/configurable"]) {
      const res = await h.call<HelmChartOutput>("helm.chart", [BOB, ACME], { input: { ref } });
      expect(res.error, ref).toBeUndefined();
      expect(res.data.valuesSchema).toMatchObject({
        properties: { replicaCount: { type: "integer", minimum: 1, maximum: 10 } },
      });
      expect(res.data.readme).toContain("# configurable");
      expect(res.data.defaultValues).toContain("password: change-me");
    }
    const flaky = await h.call<HelmChartOutput>("helm.chart", [BOB, ACME], {
      input: { ref: "clustercord/flaky", version: "2.0.0" },
    });
    const id = hub.packages.find((p) => p.name === "flaky")?.packageId;
    expect(hub.requests).toContain(`/api/v1/packages/${id}/changelog`);
    expect(flaky.data.changes).toEqual([
      { kind: "changed", description: "Pods require a node labelled clustercord.io/never (none has it)" },
    ]);
  });

  it("names an unknown chart or version", async () => {
    const chart = async (ref: string, version?: string) =>
      (await h.call("helm.chart", [BOB, ACME], { input: { ref, version } })).error;
    expect(await chart("local/nope")).toMatchObject({
      message: "There is no chart nope in repository local.",
      data: { httpStatus: 404 },
    });
    expect((await chart("local/nginx", "9.9.9"))?.message).toBe(
      "nginx has no version 9.9.9; the newest is 1.4.0.",
    );
    expect((await chart("clustercord/nope"))?.message).toBe(
      "There is no chart nope in repository clustercord (neither a repository of this server nor on ArtifactHub).",
    );
    expect((await chart("clustercord/nginx", "0.0.1"))?.message).toBe(
      "nginx has no version 0.0.1; the newest is 1.4.0.",
    );
  });
});

describe("the ArtifactHub stand-in", () => {
  it("answers with ArtifactHub's shapes for the local charts", async () => {
    const get = async (path: string) => fetch(`${hub.url}/api/v1/packages${path}`);
    const search = (await (await get("/search?ts_query_web=nginx&kind=0&limit=5")).json()) as {
      packages: Record<string, unknown>[];
    };
    expect(search.packages[0]).toMatchObject({
      name: "nginx",
      normalized_name: "nginx",
      version: "1.4.0",
      app_version: "1.27.3",
      stars: 42,
      official: true,
      repository: { name: "clustercord", url: repo.url, verified_publisher: true, kind: 0 },
    });
    const id = String(search.packages[0]?.package_id);
    const pkg = (await (await get("/helm/clustercord/nginx/1.3.0")).json()) as Record<string, unknown>;
    expect(pkg).toMatchObject({ package_id: id, version: "1.3.0" });
    expect((pkg.available_versions as { version: string }[]).map((v) => v.version)).toEqual([
      "1.4.0",
      "1.3.0",
      "1.2.0",
    ]);
    const values = await get(`/${id}/1.3.0/values`);
    expect(await values.text()).toContain("replicaCount: 1");
    const changelog = (await (await get(`/${id}/changelog`)).json()) as {
      version: string;
      changes: unknown[];
    }[];
    expect(changelog.map((c) => [c.version, c.changes.length])).toEqual([
      ["1.4.0", 2],
      ["1.3.0", 2],
      ["1.2.0", 1],
    ]);
    expect((await get("/helm/clustercord/nope")).status).toBe(404);
    expect(await (await get("/search?ts_query_web=nginx&kind=1")).json()).toEqual({ packages: [] });
  });
});

describe("downloadChart", () => {
  const deps = () => ({ prisma: h.db.prisma, helm: h.helm }) as unknown as ApiDeps;

  it("downloads from a guild repository or ArtifactHub's, digest checked, 0600 in the work dir", async () => {
    for (const ref of ["local/nginx", "clustercord/nginx"]) {
      const chart = await downloadChart(deps(), ACME, ref, "1.3.0");
      try {
        expect(chart).toMatchObject({ ref, chart: "nginx", version: "1.3.0", appVersion: "1.27.3" });
        expect(chart.file.startsWith(`${h.helm.workDir}/`)).toBe(true);
        expect((await stat(chart.file)).mode & 0o777).toBe(0o600);
        const served = await readFile(join(repo.dir, "nginx-1.3.0.tgz"));
        expect(
          createHash("sha256")
            .update(await readFile(chart.file))
            .digest("hex"),
        ).toBe(createHash("sha256").update(served).digest("hex"));
      } finally {
        await chart.cleanup();
      }
      await expect(stat(chart.file)).rejects.toThrow(/ENOENT/);
    }
    const newest = await downloadChart(deps(), ACME, "local/flaky");
    expect(newest.version).toBe("2.0.0");
    await newest.cleanup();
  });

  it("refuses an archive that does not match its index's digest", async () => {
    const tampered = await mirror((req, res) => {
      if (!req.url?.endsWith(".tgz")) return false;
      res.writeHead(200).end(Buffer.from("not the chart"));
      return true;
    });
    expect((await add([ALICE, ACME], { name: "tampered", url: tampered.url })).error).toBeUndefined();
    await expect(downloadChart(deps(), ACME, "tampered/nginx", "1.2.0")).rejects.toThrow(
      "The archive of nginx 1.2.0 does not match the sha256 digest in repository tampered's index; it was not used.",
    );
  });
});

describe("index cache", () => {
  it("revalidates with the ETag and keeps the parsed index on 304", async () => {
    const index = await readFile(join(repo.dir, "index.yaml"));
    const etag = `"${createHash("sha256").update(index).digest("hex").slice(0, 16)}"`;
    const conditional: (string | undefined)[] = [];
    const server = await serve((req, res) => {
      conditional.push(req.headers["if-none-match"] as string | undefined);
      if (req.headers["if-none-match"] === etag) return void res.writeHead(304).end();
      res.writeHead(200, { etag }).end(index);
    });
    const cache = new ChartIndexCache({ freshMs: 0 });
    const source = { name: "etag", url: server.url };
    const first = await cache.load(h.helm.guard, source);
    const second = await cache.load(h.helm.guard, source);
    expect(second).toBe(first);
    expect(conditional).toEqual([undefined, etag]);
    const fresh = new ChartIndexCache({ freshMs: 60_000 });
    await fresh.load(h.helm.guard, source);
    await fresh.load(h.helm.guard, source);
    expect(fresh.fetches).toBe(1);
  });

  it("answers with the stale copy when a refresh fails for a passing reason, and keeps at most `max`", async () => {
    let failing = false;
    const flaky = await mirror((_req, res) => {
      if (!failing) return false;
      res.writeHead(503).end();
      return true;
    });
    const cache = new ChartIndexCache({ freshMs: 0, max: 1 });
    const source = { name: "flaky", url: flaky.url };
    const first = await cache.load(h.helm.guard, source);
    failing = true;
    expect(await cache.load(h.helm.guard, source)).toBe(first);
    // Used as is for a while after the failure: no new request.
    const before = flaky.requests.length;
    expect(await cache.load(h.helm.guard, source)).toBe(first);
    expect(flaky.requests.length).toBe(before);
    // Adding a repository never takes the stale copy.
    await expect(cache.load(h.helm.guard, source, { maxAgeMs: 0, staleOnError: false })).rejects.toThrow(
      "The index of repository flaky answered HTTP 503.",
    );
    await cache.load(h.helm.guard, { name: "local", url: repo.url });
    expect(cache.size).toBe(1);
  });
});
