/**
 * npm run bench:helm [-- --entries 10000 --versions 4 --calls 200 --warmup 20 ...]
 *
 * helm.search, warm, over a generated repository index of `--entries` chart
 * versions (`--versions` per chart), served with an ETag on 127.0.0.1 and
 * added to Acme as a repository through the API; calls go through tRPC over
 * HTTP to the production web server (its own process). Two rows: the
 * repository alone (`repo` filter), and every source (the repository, the
 * local chart repository and the ArtifactHub stand-in). The in-process
 * search over the parsed index is timed too. Prints a table; exits 1 when a
 * p95 misses its target. Then runs bench/helm-releases.ts (the releases
 * half, also `npm run bench:helm-releases`) with its defaults, so one
 * command measures both of the issue's Helm targets.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { HelmRepo, HelmSearchOutput } from "@clustercord/contracts";
import { callTrpc, LOCAL_CLUSTER_NETWORKS, workerHeaders } from "@clustercord/testenv";
import { startArtifactHubStandIn } from "@clustercord/testenv/artifacthub";
import { binaryPaths } from "@clustercord/testenv/cluster";
import { serveChartRepo } from "@clustercord/testenv/cluster/charts";
import { parseChartIndex } from "../packages/api/src/services/chart-index-model";
import { mergeResults, normalizeQuery, searchIndex } from "../packages/api/src/services/chart-search";
import {
  benchLogger,
  loadAverage,
  machineLine,
  passFail,
  printReport,
  type Row,
  wholeNumber,
} from "./lib/report";
import { ACME, ALICE, repoRoot, startBenchStack } from "./lib/stack";
import { int, ms, type Summary, summarize } from "./lib/stats";

const { values: flags } = parseArgs({
  options: {
    entries: { type: "string", default: "10000" },
    versions: { type: "string", default: "4" },
    calls: { type: "string", default: "200" },
    warmup: { type: "string", default: "20" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log(
    "usage: npm run bench:helm -- [--entries N] [--versions N] [--calls N] [--warmup N] [--json FILE]",
  );
  process.exit(0);
}
const cfg = {
  entries: wholeNumber(flags, "entries", 1),
  versions: wholeNumber(flags, "versions", 1),
  calls: wholeNumber(flags, "calls", 1),
  warmup: wholeNumber(flags, "warmup", 0),
};
const TARGET_MS = 100;
const log = benchLogger("helm");
const loadAtStart = loadAverage();

// ---- a generated index: names and descriptions from a small vocabulary, deterministic ----
const WORDS = (
  "postgres redis nginx kafka metrics proxy cache gateway operator exporter agent broker store search " +
  "vault ingress mesh logging tracing backup queue stream auth identity scheduler dashboard registry " +
  "storage database analytics monitor alert certificate dns firewall runner builder notebook webhook"
).split(" ");
const pick = (i: number, salt: number) => WORDS[(i * 7919 + salt * 104729) % WORDS.length] ?? "x";

function generateIndex(entries: number, versionsPerChart: number, url: string): string {
  const charts = Math.ceil(entries / versionsPerChart);
  const lines = ["apiVersion: v1", "entries:"];
  let written = 0;
  for (let c = 0; c < charts && written < entries; c++) {
    const name = `${pick(c, 1)}-${pick(c, 2)}-${c}`;
    lines.push(`  ${name}:`);
    for (let v = versionsPerChart - 1; v >= 0 && written < entries; v--, written++) {
      const version = `${1 + (c % 3)}.${v}.${c % 10}`;
      lines.push(
        `  - apiVersion: v2`,
        `    name: ${name}`,
        `    version: ${version}`,
        `    appVersion: "${2 + v}.${c % 5}.0"`,
        `    description: A ${pick(c, 3)} ${pick(c, 4)} for ${pick(c, 5)} workloads, chart number ${c}`,
        `    created: "2026-0${1 + (v % 9)}-1${c % 10}T10:00:00Z"`,
        `    digest: ${createHash("sha256").update(`${name}-${version}`).digest("hex")}`,
        "    urls:",
        `    - ${url}/${name}-${version}.tgz`,
      );
    }
  }
  lines.push(`generated: "2026-11-30T00:00:00Z"`);
  return `${lines.join("\n")}\n`;
}

const QUERIES = [
  "postgres-redis-0",
  "kafka",
  "metrics",
  "cache proxy",
  "exporter-agent",
  "webhook",
  "zzz-nothing",
];

async function timeCalls(count: number, call: (i: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await call(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

const row = (what: string, s: Summary, target = TARGET_MS): Row => ({
  what,
  measured: `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (n=${int(s.n)})`,
  target: `p95 ≤ ${ms(target)}`,
  result: passFail(s.p95 <= target),
});

// ---- serve it, start the product, add the repository ----
let indexText = "";
let etag = "";
const server = createServer((req, res) => {
  if (!req.url?.endsWith("/index.yaml")) return void res.writeHead(404).end();
  if (req.headers["if-none-match"] === etag) return void res.writeHead(304).end();
  res.writeHead(200, { "content-type": "application/x-yaml", etag }).end(indexText);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const indexUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
indexText = generateIndex(cfg.entries, cfg.versions, indexUrl);
etag = `"${createHash("sha256").update(indexText).digest("hex").slice(0, 20)}"`;
log(`generated index.yaml: ${int(cfg.entries)} entries, ${(indexText.length / 1024 / 1024).toFixed(1)} MiB`);

const charts = await serveChartRepo();
const hub = await startArtifactHubStandIn({ repo: charts });
const stack = await startBenchStack({
  name: "helm",
  cluster: false,
  log,
  env: {
    CLUSTERCORD_ALLOWED_CHART_NETWORKS: LOCAL_CLUSTER_NETWORKS,
    CLUSTERCORD_ALLOW_PLAIN_HTTP_CHARTS: "true",
    ARTIFACTHUB_URL: hub.url,
    HELM_BINARY: binaryPaths().helm,
    // One person searching back to back, as fast as the server answers: the limits have their own tests.
    RATE_LIMIT_SCALE: "0",
  },
});
let failed = false;
try {
  const headers = workerHeaders(stack.serviceToken, ALICE, ACME);
  const call = async <T>(procedure: string, input: unknown, mutation = false) => {
    const res = await callTrpc<T>(stack.webUrl, procedure, { headers, input, mutation });
    if (res.error) throw new Error(`${procedure}: ${res.error.message}`);
    return res.data;
  };
  const addStarted = performance.now();
  await call<HelmRepo>("helm.repos.add", { name: "bench", url: indexUrl }, true);
  const addMs = performance.now() - addStarted;
  await call<HelmRepo>("helm.repos.add", { name: "local", url: charts.url }, true);
  log(`repositories added (bench: ${ms(addMs)}, fetch and parse included)`);

  const search = async (i: number, repo?: string) => {
    const out = await call<HelmSearchOutput>("helm.search", { query: QUERIES[i % QUERIES.length], repo });
    if (out.problems.length) throw new Error(`helm.search problems: ${JSON.stringify(out.problems)}`);
  };
  await timeCalls(cfg.warmup, (i) => search(i, "bench"));
  const repoOnly = summarize(await timeCalls(cfg.calls, (i) => search(i, "bench")));
  await timeCalls(cfg.warmup, (i) => search(i));
  const allSources = summarize(await timeCalls(cfg.calls, (i) => search(i)));
  const sample = await call<HelmSearchOutput>("helm.search", { query: "kafka", repo: "bench" });
  log(`"kafka" in bench: ${sample.results.length} results, first ${sample.results[0]?.ref ?? "none"}`);

  // The same work in this process, without HTTP, database or tRPC.
  const parseStarted = performance.now();
  const parsed = parseChartIndex(indexText, "bench");
  const parseMs = performance.now() - parseStarted;
  const inProcess = summarize(
    await timeCalls(cfg.calls, async (i) => {
      mergeResults([searchIndex(parsed, "bench", normalizeQuery(QUERIES[i % QUERIES.length] ?? ""))], 20);
    }),
  );

  const rows: Row[] = [
    row(`helm.search, warm, repository of ${int(cfg.entries)} entries (tRPC over HTTP)`, repoOnly),
    row("helm.search, warm, every source: that repository, the local one, ArtifactHub stand-in", allSources),
    row("search itself, in process (rank + merge over the parsed index)", inProcess, 10),
    {
      what: "helm.repos.add of that repository (fetch + parse, cold)",
      measured: ms(addMs),
      target: "",
      result: "",
    },
    {
      what: `parsing that index.yaml (${(indexText.length / 1024 / 1024).toFixed(1)} MiB)`,
      measured: ms(parseMs),
      target: "",
      result: "",
    },
  ];
  failed = rows.some((r) => r.result === "FAIL");
  await printReport(
    rows,
    [
      `${int(cfg.entries)} entries (${int(parsed.charts.size)} charts × ${cfg.versions} versions); ${int(cfg.calls)} calls per row after ${int(cfg.warmup)} warm-up calls, one at a time; queries: ${QUERIES.join(", ")}.`,
      machineLine(loadAtStart),
    ],
    {
      file: typeof flags.json === "string" ? flags.json : undefined,
      data: { cfg, repoOnly, allSources, inProcess, addMs, parseMs },
    },
  );
} finally {
  await stack.close();
  await hub.close();
  await charts.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

// The releases half (helm list at scale) lives in its own file; it runs after this one when present.
const releases = `${repoRoot}/bench/helm-releases.ts`;
let releasesFailed = false;
if (existsSync(releases)) {
  log("running bench/helm-releases.ts");
  // With its own defaults: its flags differ (npm run bench:helm-releases -- --help).
  const child = spawnSync(process.execPath, [...process.execArgv, releases], {
    stdio: "inherit",
    cwd: repoRoot,
  });
  releasesFailed = child.status !== 0;
}
process.exit(failed || releasesFailed ? 1 : 0);
