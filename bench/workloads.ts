/**
 * npm run bench:workloads [-- --pods 10000 --namespaces 200 ...]
 *
 * ClusterCord's workloads path at scale, on the local control plane (real
 * kube-apiserver + etcd, kwok-simulated nodes and pods), side by side with
 * kubectl against the same API server. Not a test: it prints a table and
 * exits 0 whether or not the targets are met (exit 1 only when it could not
 * measure).
 *
 * The server is the production web server (API + socket.io) started in this
 * process by the socket tests' harness (apps/web/test/cluster-stack.ts), so
 * its heap can be measured with --expose-gc. Alice, owner of the fixture's
 * guild "Acme Ops", signs in through the OAuth flow and adds the cluster as a
 * dedicated (not shared) cluster, so every namespace is hers to read.
 */
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type {
  ClustersAddOutput,
  PodsChangedEvent,
  PodsListOutput,
  PodsSubscribeAck,
  ResourcesListOutput,
} from "@clustercord/contracts";
import { callTrpc, testDatabaseKind, workerHeaders } from "@clustercord/testenv";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import type { Socket } from "socket.io-client";
import { startClusterStack } from "../apps/web/test/cluster-stack";
import { diffCounts, readRequestCounts } from "./lib/apiserver-metrics";
import { addKwokNodes, createNamespaces, createPods, waitForRunning, waitUntil } from "./lib/seed";
import { bytes, int, mapLimit, markdownTable, ms, type Summary, sleep, summarize } from "./lib/stats";

// From packages/testenv/fixtures/discord.json: alice owns "Acme Ops".
const ALICE = "100000000000000001";
const ACME = "200000000000000001";

const { values: flags } = parseArgs({
  options: {
    pods: { type: "string", default: "10000" },
    namespaces: { type: "string", default: "200" },
    nodes: { type: "string", default: "20" },
    "create-concurrency": { type: "string", default: "24" },
    "kubectl-runs": { type: "string", default: "5" },
    limit: { type: "string", default: "100" },
    warmup: { type: "string", default: "50" },
    calls: { type: "string", default: "500" },
    "full-rounds": { type: "string", default: "5" },
    "full-concurrency": { type: "string", default: "6" },
    "page-loads": { type: "string", default: "100" },
    rate: { type: "string", default: "20" },
    seconds: { type: "string", default: "30" },
    db: { type: "string" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log(`usage: npm run bench:workloads -- [--pods N] [--namespaces N] [--nodes N]
  [--create-concurrency N] [--kubectl-runs N] [--limit N] [--warmup N] [--calls N]
  [--full-rounds N] [--full-concurrency N] [--page-loads N] [--rate N/s] [--seconds N]
  [--db pglite|postgres] [--json FILE]`);
  process.exit(0);
}
const num = (name: keyof typeof flags) => {
  const v = Number(flags[name]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a whole number, not ${flags[name]}`);
  return v;
};
const cfg = {
  pods: num("pods"),
  namespaces: Math.max(1, num("namespaces")),
  nodes: Math.max(1, num("nodes")),
  createConcurrency: Math.max(1, num("create-concurrency")),
  kubectlRuns: Math.max(1, num("kubectl-runs")),
  limit: Math.max(1, num("limit")),
  warmup: num("warmup"),
  calls: Math.max(1, num("calls")),
  fullRounds: Math.max(1, num("full-rounds")),
  fullConcurrency: Math.max(1, num("full-concurrency")),
  pageLoads: Math.max(1, num("page-loads")),
  rate: Math.max(1, num("rate")),
  seconds: Math.max(1, num("seconds")),
};
if (flags.db) {
  if (flags.db !== "pglite" && flags.db !== "postgres") throw new Error("--db must be pglite or postgres");
  process.env.DB_KIND = flags.db;
}
const dbKind = testDatabaseKind();

const t0 = performance.now();
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
const loadAtStart = load();
const log = (msg: string) =>
  process.stderr.write(`[bench +${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);

const gc = (globalThis as { gc?: () => void }).gc;
async function fullGc(): Promise<void> {
  if (!gc) return;
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(25);
  }
}

/** `kubectl get pods -A -o json`, stdout drained through a pipe (as a terminal or `| jq` would). */
function timeKubectl(kubectl: string, kubeconfig: string, keep: boolean) {
  return new Promise<{ ms: number; bytes: number; output?: string }>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(kubectl, [`--kubeconfig=${kubeconfig}`, "get", "pods", "-A", "-o", "json"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let size = 0;
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      size += c.length;
      if (keep) chunks.push(c);
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.once("error", reject);
    child.once("close", (code) => {
      const elapsed = performance.now() - started;
      if (code !== 0) return reject(new Error(`kubectl exited with ${code}: ${stderr}`));
      resolve({ ms: elapsed, bytes: size, ...(keep ? { output: Buffer.concat(chunks).toString() } : {}) });
    });
  });
}

interface Row {
  what: string;
  measured: string;
  target: string;
  result: "PASS" | "FAIL" | "";
}

async function main() {
  if (!gc) log("warning: run with node --expose-gc (npm run bench:workloads does) to measure memory");
  log(
    `config: ${int(cfg.pods)} pods in ${cfg.namespaces} namespaces on ${cfg.nodes} extra kwok nodes, database ${dbKind}`,
  );

  // --- the stack: local control plane, Discord stand-in, database, web server --------------
  // A load test: hundreds of calls a second as one person, which the API's rate limits would refuse.
  const stack = await startClusterStack("bench", { RATE_LIMIT_SCALE: "0" });
  const closing = { done: false };
  const close = async () => {
    if (closing.done) return;
    closing.done = true;
    await stack.close().catch((e: unknown) => log(`close: ${String(e)}`));
  };
  process.once("SIGINT", () => void close().then(() => process.exit(130)));
  process.once("SIGTERM", () => void close().then(() => process.exit(143)));

  try {
    const { cluster, web } = stack;
    log(`stack up: ${web.url}, API server ${cluster.server}`);
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    const core = kc.makeApiClient(CoreV1Api);
    const kubectl = (args: string[]) => cluster.kubectl(args);

    // A dedicated cluster of Acme's (the harness added the same API server as a shared one too).
    const kubeconfig = await kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
    const added = await callTrpc<ClustersAddOutput>(web.url, "clusters.add", {
      headers: workerHeaders(stack.serviceToken, ALICE, ACME),
      input: { name: "bench", kubeconfig, shared: false },
      mutation: true,
    });
    if (added.error) throw new Error(`clusters.add: ${JSON.stringify(added.error)}`);
    const clusterId = added.data.cluster.id;

    // --- workloads -----------------------------------------------------------------------
    const perNode = Math.ceil(cfg.pods / cfg.nodes) + 50;
    let t = performance.now();
    const nodes = await addKwokNodes(core, cfg.nodes, perNode);
    log(`${nodes.length} kwok nodes Ready (${perNode} pods each) in ${ms(performance.now() - t)}`);
    t = performance.now();
    const namespaces = await createNamespaces(core, cfg.namespaces);
    log(`${namespaces.length} namespaces with ServiceAccounts in ${ms(performance.now() - t)}`);
    t = performance.now();
    await createPods(core, {
      namespaces,
      total: cfg.pods,
      nodes,
      concurrency: cfg.createConcurrency,
      onProgress: (p) =>
        log(
          `created ${int(p.created)}/${int(p.total)} pods (${((p.created * 1000) / (performance.now() - t)).toFixed(0)}/s)`,
        ),
    });
    const createdIn = performance.now() - t;
    await waitForRunning(core, cfg.pods, 30 * 60_000, (n) => log(`${int(n)} bench pods not Running yet`));
    const seededIn = performance.now() - t;
    log(`${int(cfg.pods)} pods created in ${ms(createdIn)}, all Running after ${ms(seededIn)}`);
    // Let kwok's last status patches and the controllers settle.
    await sleep(3_000);

    const cookie = await stack.signIn("alice", ACME);
    const call = async <T>(procedure: string, input?: unknown) => {
      const started = performance.now();
      const res = await callTrpc<T>(web.url, procedure, { headers: { cookie }, input });
      const elapsed = performance.now() - started;
      if (res.status !== 200)
        throw new Error(`${procedure}: HTTP ${res.status} ${JSON.stringify(res.error)}`);
      return { ms: elapsed, data: res.data };
    };
    const listPods = (namespace: string, limit: number) =>
      call<PodsListOutput>("pods.list", { clusterId, namespace, limit });
    // Everything that is not the pods cache: session, tRPC, the cluster record, namespaces.
    await call("clusters.list");
    await call("namespaces.list", { clusterId });

    // --- (a) kubectl get pods -A -o json ----------------------------------------------------
    log(`(a) kubectl get pods -A -o json: 1 warm-up + ${cfg.kubectlRuns} runs`);
    // The warm-up run's output says how many pods there are (all of them are in ClusterCord's cache).
    const { allPods, warmupBytes } = await timeKubectl(
      cluster.binaries.kubectl,
      cluster.kubeconfigPath,
      true,
    ).then((r) => ({
      allPods: (JSON.parse(r.output ?? "{}") as { items?: unknown[] }).items?.length ?? 0,
      warmupBytes: r.bytes,
    }));
    const kubectlMs: number[] = [];
    let kubectlBytes = warmupBytes;
    for (let i = 0; i < cfg.kubectlRuns; i++) {
      const r = await timeKubectl(cluster.binaries.kubectl, cluster.kubeconfigPath, false);
      kubectlMs.push(r.ms);
      kubectlBytes = r.bytes;
      log(`    run ${i + 1}: ${ms(r.ms)} (${bytes(r.bytes)})`);
    }
    const kubectlStats = summarize(kubectlMs);

    // --- (c) heap per cached pod (the cache starts with the first pods.list) --------------------
    log("(c) heap before/after the pods cache fills");
    await fullGc();
    const heapBefore = process.memoryUsage();
    const ns0 = namespaces[0] as string;
    t = performance.now();
    const cold = await listPods(ns0, cfg.limit);
    let ready = cold.data;
    while (ready.state !== "ready") {
      await sleep(100);
      ready = (await listPods(ns0, cfg.limit)).data;
    }
    const coldFillMs = performance.now() - t;
    log(`    first pods.list ${ms(cold.ms)} (state ${cold.data.state}); cache ready after ${ms(coldFillMs)}`);
    await sleep(2_000);
    await fullGc();
    const heapAfter = process.memoryUsage();
    const heapDelta = heapAfter.heapUsed - heapBefore.heapUsed;
    const perPod = heapDelta / allPods;
    log(
      `    heapUsed +${bytes(heapDelta)} for ${int(allPods)} pods = ${bytes(perPod)}/pod (rss +${bytes(heapAfter.rss - heapBefore.rss)})`,
    );

    // --- (b) first page, then everything Alice can see -------------------------------------------
    log(
      `(b) pods.list first page (limit ${cfg.limit}) in ${ns0}: ${cfg.warmup} warm-up + ${cfg.calls} calls`,
    );
    for (let i = 0; i < cfg.warmup; i++) await listPods(ns0, cfg.limit);
    const pageMs: number[] = [];
    let pageRows = 0;
    let pageBytes = 0;
    for (let i = 0; i < cfg.calls; i++) {
      const r = await listPods(ns0, cfg.limit);
      pageMs.push(r.ms);
      pageRows = r.data.pods.length;
      if (i === 0) pageBytes = JSON.stringify(r.data).length;
    }
    const pageStats = summarize(pageMs);
    log(`    p50 ${ms(pageStats.p50)}, p95 ${ms(pageStats.p95)} (${pageRows} rows)`);

    // All namespaces: pods.list is per namespace, so one call per namespace (limit 10,000 each: one page).
    const fullRound = async (concurrency: number) => {
      const started = performance.now();
      const totals = await mapLimit(
        namespaces,
        concurrency,
        async (ns) => (await listPods(ns, 10_000)).data.total,
      );
      return { ms: performance.now() - started, pods: totals.reduce((a, b) => a + b, 0) };
    };
    log(`(b) full list: ${namespaces.length} namespaces, 1 cold + ${cfg.fullRounds} rounds, sequential`);
    const fullCold = await fullRound(1);
    log(`    cold round (access checks not cached yet): ${ms(fullCold.ms)} for ${int(fullCold.pods)} pods`);
    const fullSeqMs: number[] = [];
    let fullPods = fullCold.pods;
    for (let i = 0; i < cfg.fullRounds; i++) {
      const r = await fullRound(1);
      fullSeqMs.push(r.ms);
      fullPods = r.pods;
      log(`    round ${i + 1}: ${ms(r.ms)}`);
    }
    log(`(b) full list, ${cfg.fullConcurrency} calls in flight: ${cfg.fullRounds} rounds`);
    const fullParMs: number[] = [];
    for (let i = 0; i < cfg.fullRounds; i++) {
      const r = await fullRound(cfg.fullConcurrency);
      fullParMs.push(r.ms);
      log(`    round ${i + 1}: ${ms(r.ms)}`);
    }
    const fullSeq = summarize(fullSeqMs);
    const fullPar = summarize(fullParMs);

    // One call for everything: resources.list of pods without a namespace (every namespace Alice may
    // list pods in), sorted by name, all rows in one answer.
    log(
      `(b) full list in one call: resources.list kind=pods, no namespace: 1 warm-up + ${cfg.fullRounds} calls`,
    );
    const listAll = () =>
      call<ResourcesListOutput>("resources.list", { clusterId, kind: "pods", limit: 10_000 });
    await listAll();
    const oneCallMs: number[] = [];
    let oneCallRows = 0;
    let oneCallBytes = 0;
    for (let i = 0; i < cfg.fullRounds; i++) {
      const r = await listAll();
      oneCallMs.push(r.ms);
      oneCallRows = r.data.rows.length;
      oneCallBytes = JSON.stringify(r.data).length;
      log(`    call ${i + 1}: ${ms(r.ms)} (${int(r.data.total)} pods)`);
    }
    const oneCall = summarize(oneCallMs);

    // --- (d) LIST requests during page loads ---------------------------------------------------------
    log(`(d) ${cfg.pageLoads} page loads (clusters.list, namespaces.list, pods.list, pods:subscribe)`);
    const pageLoadNs = (i: number) => namespaces[i % namespaces.length] as string;
    // Warm-up: one load first (the cache is warm already; this is the socket path's first use).
    const pageLoad = async (i: number) => {
      const namespace = pageLoadNs(i);
      await call("clusters.list");
      await call("namespaces.list", { clusterId });
      await listPods(namespace, cfg.limit);
      const socket = await stack.connect(cookie);
      const ack = (await socket
        .timeout(20_000)
        .emitWithAck("pods:subscribe", { clusterId, namespace })) as PodsSubscribeAck;
      if (!ack.ok) throw new Error(`pods:subscribe: ${JSON.stringify(ack)}`);
      socket.emit("pods:unsubscribe", { clusterId, namespace });
      socket.close();
    };
    await pageLoad(0);
    const countsBefore = await readRequestCounts(kubectl);
    const loadMs: number[] = [];
    for (let i = 0; i < cfg.pageLoads; i++) {
      const started = performance.now();
      await pageLoad(i);
      loadMs.push(performance.now() - started);
    }
    const countsAfter = await readRequestCounts(kubectl);
    const delta = diffCounts(countsBefore, countsAfter);
    const podLists = delta.get("LIST pods") ?? 0;
    const otherRequests = [...delta]
      .filter(([k]) => k !== "LIST pods")
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`);
    log(`    LIST pods: ${podLists}; everything else: ${otherRequests.join(", ") || "none"}`);
    const loadStats = summarize(loadMs);

    // --- (e) a pod status change to the browser, at `rate` changes/s -----------------------------
    const nsLive = ns0;
    const livePods = (await listPods(nsLive, 10_000)).data.pods.map((p) => p.name);
    const changes = cfg.rate * cfg.seconds;
    log(`(e) ${changes} status changes at ${cfg.rate}/s over ${livePods.length} pods of ${nsLive}`);
    const socket: Socket = await stack.connect(cookie);
    const sentAt = new Map<number, number>();
    const seenAt = new Map<number, number>();
    const writeMs: number[] = [];
    let writeErrors = 0;
    let events = 0;
    socket.on("pods:changed", (event: PodsChangedEvent) => {
      const now = performance.now();
      events++;
      if (event.namespace !== nsLive) return;
      for (const pod of event.upserted) {
        // Each change sets the pod's restart count to its sequence number.
        if (sentAt.has(pod.restarts) && !seenAt.has(pod.restarts)) seenAt.set(pod.restarts, now);
      }
    });
    const ack = (await socket
      .timeout(20_000)
      .emitWithAck("pods:subscribe", { clusterId, namespace: nsLive })) as PodsSubscribeAck;
    if (!ack.ok) throw new Error(`pods:subscribe: ${JSON.stringify(ack)}`);
    await sleep(1_000);
    // Restart counts start at 0, so sequence numbers from 1 are unambiguous.
    const base = 1;
    const writes: Promise<void>[] = [];
    const startAt = performance.now();
    for (let i = 0; i < changes; i++) {
      await sleep(startAt + (i * 1000) / cfg.rate - performance.now());
      const seq = base + i;
      const name = livePods[i % livePods.length] as string;
      const sent = performance.now();
      sentAt.set(seq, sent);
      writes.push(
        core
          .patchNamespacedPodStatus({
            name,
            namespace: nsLive,
            body: [{ op: "replace", path: "/status/containerStatuses/0/restartCount", value: seq }],
          })
          .then(
            () => {
              writeMs.push(performance.now() - sent);
            },
            (error: unknown) => {
              writeErrors++;
              if (writeErrors <= 3) log(`    patch failed: ${String(error).slice(0, 300)}`);
            },
          ),
      );
    }
    const sendSeconds = (performance.now() - startAt) / 1000;
    await Promise.all(writes);
    await waitUntil("every change in the browser", 10_000, async () => seenAt.size >= sentAt.size).catch(
      () => undefined,
    );
    socket.close();
    const latencies = [...seenAt].map(([seq, at]) => at - (sentAt.get(seq) ?? at));
    const live = summarize(latencies);
    const writeStats = summarize(writeMs);
    log(
      `    sent ${sentAt.size} in ${sendSeconds.toFixed(1)} s (${(sentAt.size / sendSeconds).toFixed(1)}/s), seen ${seenAt.size}, ` +
        `${events} events; latency p50 ${ms(live.p50)} p99 ${ms(live.p99)} max ${ms(live.max)}`,
    );

    // --- the table -----------------------------------------------------------------------
    const passFail = (ok: boolean): Row["result"] => (ok ? "PASS" : "FAIL");
    const p = (s: Summary) => `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}`;
    const pMin = (s: Summary) => `${p(s)} (min ${ms(s.min)})`;
    const pageTarget = 0.2 * kubectlStats.p95;
    const rows: Row[] = [
      {
        what: `(a) \`kubectl get pods -A -o json\`: ${int(allPods)} pods, ${bytes(kubectlBytes)} (${cfg.kubectlRuns} run${cfg.kubectlRuns === 1 ? "" : "s"} after 1 warm-up)`,
        measured: p(kubectlStats),
        target: "baseline",
        result: "",
      },
      {
        what: `(b) \`pods.list\` first page over HTTP as Alice: one namespace, limit ${cfg.limit} (${pageRows} rows, ${bytes(pageBytes)}), ${cfg.calls} calls after ${cfg.warmup} warm-up`,
        measured: p(pageStats),
        target: `p95 <= 0.2 x kubectl p95 = ${ms(pageTarget)}`,
        result: passFail(pageStats.p95 <= pageTarget),
      },
      {
        what: `(b) full list from the cache: \`pods.list\` for each of the ${namespaces.length} namespaces (limit 10,000), one call at a time, ${int(fullPods)} pods, ${cfg.fullRounds} rounds`,
        measured: pMin(fullSeq),
        target: "",
        result: "",
      },
      {
        what: `(b) the same, ${cfg.fullConcurrency} calls in flight`,
        measured: pMin(fullPar),
        target: "",
        result: "",
      },
      {
        what: `(b) the same, first round (per-namespace access checks not cached: LIST namespaces + SelfSubjectAccessReview as Alice)`,
        measured: ms(fullCold.ms),
        target: "",
        result: "",
      },
      {
        what: `(b) full list in one call: \`resources.list\` kind pods, all of Alice's namespaces, sorted, ${int(oneCallRows)} rows (${bytes(oneCallBytes)}), ${cfg.fullRounds} calls`,
        measured: pMin(oneCall),
        target: "",
        result: "",
      },
      {
        what: `first \`pods.list\` on a cold server (the cache LISTs ${int(allPods)} pods in pages of 500, then watches)`,
        measured: `${ms(cold.ms)}; ready after ${ms(coldFillMs)}`,
        target: "",
        result: "",
      },
      {
        what: `(c) server heap per cached pod: heapUsed after - before the cache fills (gc'd), / ${int(allPods)} pods`,
        measured: gc ? `${bytes(perPod)} (${bytes(heapDelta)} in all)` : "n/a (no --expose-gc)",
        target: "<= 25 KB",
        result: gc ? passFail(perPod <= 25 * 1024) : "FAIL",
      },
      {
        what: `(d) LIST pods received by kube-apiserver during ${cfg.pageLoads} page loads after warm-up (each: clusters.list, namespaces.list, pods.list, pods:subscribe; ${p(loadStats)} per load)`,
        measured: `${podLists}`,
        target: "0",
        result: passFail(podLists === 0),
      },
      {
        what: `(e) pod status change -> socket.io client (\`pods:subscribe\`): ${sentAt.size} status patches at ${cfg.rate}/s for ${cfg.seconds} s, ${seenAt.size} seen`,
        measured: `p50 ${ms(live.p50)}, p99 ${ms(live.p99)} (max ${ms(live.max)})`,
        target: "p99 <= 1 s, none lost",
        result: passFail(live.p99 <= 1000 && seenAt.size === sentAt.size),
      },
    ];
    const table = markdownTable(
      ["what", "measured", "target", "result"],
      rows.map((r) => [r.what, r.measured, r.target, r.result]),
    );
    const context = [
      `${int(allPods)} pods (${int(cfg.pods)} in ${namespaces.length} namespaces + kube-system) on ${nodes.length + 3} kwok nodes;`,
      `created in ${ms(createdIn)} (${cfg.createConcurrency} in flight), all Running after ${ms(seededIn)};`,
      `database ${dbKind}; Node ${process.version}; ${cpus().length} CPUs, load average ${loadAtStart} at the start, ${load()} at the end; ${new Date().toISOString()}.`,
      `Other API requests during the page loads: ${otherRequests.join(", ") || "none"}.`,
      `Status PATCH round trip during (e): p50 ${ms(writeStats.p50)}, p99 ${ms(writeStats.p99)}; ${writeErrors} failed.`,
    ].join("\n");
    console.log(`\n${table}\n\n${context}\n`);

    if (flags.json) {
      await writeFile(
        flags.json,
        `${JSON.stringify(
          {
            config: cfg,
            db: dbKind,
            allPods,
            kubectl: { ...kubectlStats, bytes: kubectlBytes, samples: kubectlMs },
            firstPage: { ...pageStats, rows: pageRows, bytes: pageBytes },
            cold: { firstCallMs: cold.ms, readyAfterMs: coldFillMs },
            fullSequential: { ...fullSeq, samples: fullSeqMs, pods: fullPods, coldMs: fullCold.ms },
            fullParallel: { ...fullPar, samples: fullParMs, concurrency: cfg.fullConcurrency },
            heap: { before: heapBefore, after: heapAfter, perPodBytes: perPod },
            pageLoads: { podLists, requests: Object.fromEntries(delta), ...loadStats },
            live: { ...live, sent: sentAt.size, seen: seenAt.size, events, write: writeStats, writeErrors },
            seeding: { createdMs: createdIn, runningMs: seededIn },
          },
          null,
          2,
        )}\n`,
      );
      log(`results written to ${flags.json}`);
    }
  } finally {
    await close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
