/**
 * npm run bench:diagnostics-run [-- --pods 10000 --namespaces 200 --nodes 20 --calls 200 --warmup 20 --json FILE]
 *
 * diagnostics.run of one Deployment, warm, end to end: tRPC over HTTP to the
 * production web server (its own process) as Alice's browser session, on the
 * local control plane filled with `--pods` running pods in `--namespaces`
 * namespaces (kwok nodes, as bench:workloads seeds them) plus the broken
 * world of packages/testenv/src/cluster/broken-workloads.ts in its own
 * namespace (crash loops, image pulls, probes, Services, a NetworkPolicy, a
 * PVC, two broken nodes). Two targets:
 * - Deployment crash-137: OOM-killed and looping, so the run also reads the
 *   previous run's log lines from the (kwok) kubelet, as a person;
 * - Deployment web: running, one finding (the NetworkPolicy), no logs.
 * Calls are sequential after `--warmup` calls each (the caches synced, the
 * access checks answered). Target: p95 <= 100 ms. Prints a table; exits 1
 * when a p95 misses it.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { DiagnosticsRunOutput } from "@clustercord/contracts";
import { callTrpc } from "@clustercord/testenv";
import { createBrokenWorld } from "@clustercord/testenv/cluster";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import {
  benchLogger,
  loadAverage,
  machineLine,
  passFail,
  printReport,
  type Row,
  wholeNumber,
} from "./lib/report";
import { addKwokNodes, createNamespaces, createPods, waitForRunning } from "./lib/seed";
import { ACME, startBenchStack } from "./lib/stack";
import { int, ms, type Summary, summarize } from "./lib/stats";

const { values: flags } = parseArgs({
  options: {
    pods: { type: "string", default: "10000" },
    namespaces: { type: "string", default: "200" },
    nodes: { type: "string", default: "20" },
    calls: { type: "string", default: "200" },
    warmup: { type: "string", default: "20" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log(
    "usage: npm run bench:diagnostics-run -- [--pods N] [--namespaces N] [--nodes N] [--calls N] [--warmup N] [--json FILE]",
  );
  process.exit(0);
}
const cfg = {
  pods: wholeNumber(flags, "pods", 0),
  namespaces: wholeNumber(flags, "namespaces", 1),
  nodes: wholeNumber(flags, "nodes", 1),
  calls: wholeNumber(flags, "calls", 1),
  warmup: wholeNumber(flags, "warmup", 0),
};
const TARGET_MS = 100;
const NS = "broken-bench";
const log = benchLogger("diagnostics-run");
const loadAtStart = loadAverage();

const stack = await startBenchStack({
  name: "diagnostics-run",
  log,
  // One person diagnosing back to back, as fast as the server answers: the limits have their own tests.
  env: { RATE_LIMIT_SCALE: "0" },
});
let failed = false;
try {
  const cluster = stack.cluster;
  if (!cluster) throw new Error("no control plane");
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  const core = kc.makeApiClient(CoreV1Api);

  if (cfg.pods > 0) {
    const nodes = await addKwokNodes(core, cfg.nodes, Math.ceil(cfg.pods / cfg.nodes) + 20);
    const namespaces = await createNamespaces(core, cfg.namespaces);
    log(`${nodes.length} nodes, ${namespaces.length} namespaces; creating ${int(cfg.pods)} pods`);
    await createPods(core, {
      namespaces,
      total: cfg.pods,
      nodes,
      concurrency: 24,
      onProgress: (p) => log(`created ${int(p.created)}/${int(p.total)} pods`),
    });
    await waitForRunning(core, cfg.pods, 600_000, (n) => log(`${int(n)} pods not Running yet`));
  }
  const world = await createBrokenWorld((args, input) => cluster.kubectl(args, input), NS);
  log(`broken world in ${NS}: ${world.expected.length} expected findings`);

  const clusterId = await stack.addCluster("bench");
  const cookie = await stack.signIn("alice", ACME);
  const run = async (name: string) => {
    const t0 = performance.now();
    const res = await callTrpc<DiagnosticsRunOutput>(stack.webUrl, "diagnostics.run", {
      headers: { cookie },
      input: { clusterId, target: { kind: "Deployment", namespace: NS, name } },
    });
    const took = performance.now() - t0;
    if (res.status !== 200)
      throw new Error(`diagnostics.run ${name}: HTTP ${res.status} ${res.error?.message}`);
    return { took, out: res.data };
  };

  /** Warm-up until the expected finding shows (the caches have synced), then `calls` timed calls. */
  const measure = async (name: string, expectedId: string) => {
    const deadline = Date.now() + 120_000;
    for (let i = 0; ; i++) {
      const { out } = await run(name);
      if (i >= cfg.warmup && out.findings.some((f) => f.id === expectedId)) break;
      if (Date.now() > deadline) throw new Error(`no ${expectedId} for ${name} after 120 s`);
    }
    const samples: number[] = [];
    let last: DiagnosticsRunOutput | undefined;
    for (let i = 0; i < cfg.calls; i++) {
      const { took, out } = await run(name);
      samples.push(took);
      last = out;
    }
    return { summary: summarize(samples), samples, last };
  };

  log("measuring crash-137");
  const crash = await measure("crash-137", "pod.crash-loop.oom-killed");
  log("measuring web");
  const web = await measure("web", "pod.network-policy.blocks-service");

  const row = (what: string, s: Summary): Row => ({
    what,
    measured: `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.max)}`,
    target: `p95 <= ${TARGET_MS} ms`,
    result: passFail(s.p95 <= TARGET_MS),
  });
  const logLines =
    crash.last?.findings.flatMap((f) => f.evidence).filter((e) => e.source === "log").length ?? 0;
  const rows = [
    row(
      `diagnostics.run Deployment crash-137 (OOM crash loop, ${logLines} log lines read as the person), p50 / p95 / max`,
      crash.summary,
    ),
    row(
      `diagnostics.run Deployment web (NetworkPolicy blocks its Service, no logs), p50 / p95 / max`,
      web.summary,
    ),
  ];
  failed = rows.some((r) => r.result === "FAIL");
  await printReport(
    rows,
    [
      `${int(cfg.pods)} running pods in ${int(cfg.namespaces)} namespaces on ${cfg.nodes} kwok nodes, plus the broken world in ${NS} (${world.expected.length} expected findings); ${cfg.calls} sequential calls per target after ${cfg.warmup}+ warm-up calls, tRPC over HTTP as Alice's browser session to the production web server (its own process).`,
      `Findings per call: crash-137 ${crash.last?.findings.length ?? 0} (${crash.last?.findings.map((f) => f.id).join(", ")}), web ${web.last?.findings.length ?? 0}.`,
      machineLine(loadAtStart),
    ],
    { file: flags.json, data: { crashSamples: crash.samples, webSamples: web.samples } },
  );
  await world.cleanup();
} finally {
  await stack.close();
}
process.exit(failed ? 1 : 0);
