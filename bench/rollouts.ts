/**
 * npm run bench:rollouts [-- --revisions 50 --calls 200 --warmup 20 --changes 30 --json FILE]
 *
 * Two numbers of rollouts (issue 17's "Speed"), end to end against the
 * production web server (its own process) as Alice's browser session, on
 * the local control plane (kwok runs the pods):
 * - rollouts.history of a Deployment with `--revisions` revisions (one
 *   ReplicaSet each), warm: `--calls` sequential tRPC calls after
 *   `--warmup`. Target p95 <= 100 ms.
 * - a status change of a rolling Deployment reaching the web page: from the
 *   start of a PATCH of its image (ClusterCord's own credentials, as kubectl
 *   would) to the moment the page would show it, i.e. the socket's
 *   `resources:changed` for deployments arrived and the rollouts.status it
 *   triggers answers with the new image. `--changes` changes, each after the
 *   previous rollout completed. Target p99 <= 1 s.
 * Prints a table; exits 1 when a target is missed.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type {
  ResourcesChangedEvent,
  RolloutsHistoryOutput,
  RolloutsStatusOutput,
} from "@clustercord/contracts";
import { callTrpc } from "@clustercord/testenv";
import { AppsV1Api, CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import {
  benchLogger,
  loadAverage,
  machineLine,
  passFail,
  printReport,
  type Row,
  wholeNumber,
} from "./lib/report";
import { ACME, startBenchStack } from "./lib/stack";
import { ms, type Summary, sleep, summarize } from "./lib/stats";

const { values: flags } = parseArgs({
  options: {
    revisions: { type: "string", default: "50" },
    calls: { type: "string", default: "200" },
    warmup: { type: "string", default: "20" },
    changes: { type: "string", default: "30" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log(
    "usage: npm run bench:rollouts -- [--revisions N] [--calls N] [--warmup N] [--changes N] [--json FILE]",
  );
  process.exit(0);
}
const cfg = {
  revisions: wholeNumber(flags, "revisions", 2),
  calls: wholeNumber(flags, "calls", 1),
  warmup: wholeNumber(flags, "warmup", 0),
  changes: wholeNumber(flags, "changes", 1),
};
const HISTORY_TARGET_MS = 100;
const LIVE_TARGET_MS = 1_000;
const NS = "rollouts-bench";
const log = benchLogger("rollouts");
const loadAtStart = loadAverage();

const deployment = (name: string, replicas: number, image: string) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: NS },
  spec: {
    replicas,
    // Every revision is kept: the history is what is measured.
    revisionHistoryLimit: cfg.revisions + 10,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: "app", image }] },
    },
  },
});

const stack = await startBenchStack({
  name: "rollouts",
  log,
  // One person calling back to back, as fast as the server answers: the limits have their own tests.
  env: { RATE_LIMIT_SCALE: "0" },
});
let failed = false;
try {
  const cluster = stack.cluster;
  if (!cluster) throw new Error("no control plane");
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const merge = setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch);
  const setImage = (name: string, image: string) =>
    apps.patchNamespacedDeployment(
      {
        namespace: NS,
        name,
        body: { spec: { template: { spec: { containers: [{ name: "app", image }] } } } },
      },
      merge,
    );
  await core.createNamespace({ body: { metadata: { name: NS } } });

  const clusterId = await stack.addCluster("bench");
  const cookie = await stack.signIn("alice", ACME);
  const trpc = <T>(procedure: string, input: object) =>
    callTrpc<T>(stack.webUrl, procedure, {
      headers: { cookie },
      input: { clusterId, namespace: NS, ...input },
    });

  // (a) History of a Deployment with `revisions` revisions: no pods (replicas 0), one ReplicaSet per image.
  await apps.createNamespacedDeployment({
    namespace: NS,
    body: deployment("history", 0, "registry.invalid/app:1"),
  });
  for (let i = 2; i <= cfg.revisions; i++) {
    await setImage("history", `registry.invalid/app:${i}`);
    // The controller writes one ReplicaSet per template; wait for it so each patch is its own revision.
    for (;;) {
      const sets = await apps.listNamespacedReplicaSet({ namespace: NS, labelSelector: "app=history" });
      if (sets.items.length >= i) break;
      await sleep(20);
    }
  }
  log(`Deployment history has ${cfg.revisions} revisions`);
  const history = async () => {
    const t0 = performance.now();
    const res = await trpc<RolloutsHistoryOutput>("rollouts.history", { name: "history" });
    if (res.status !== 200) throw new Error(`rollouts.history: HTTP ${res.status} ${res.error?.message}`);
    return { took: performance.now() - t0, out: res.data };
  };
  for (let i = 0; ; i++) {
    const { out } = await history();
    if (i >= cfg.warmup && out.revisions.length === cfg.revisions) break;
    if (i > cfg.warmup + 600) throw new Error(`rollouts.history shows ${out.revisions.length} revisions`);
    await sleep(i < cfg.warmup ? 0 : 100);
  }
  const historySamples: number[] = [];
  for (let i = 0; i < cfg.calls; i++) historySamples.push((await history()).took);
  const historySummary = summarize(historySamples);
  log(`rollouts.history p95 ${ms(historySummary.p95)}`);

  // (b) A rolling Deployment's status change, from the PATCH to the page's re-fetched answer.
  await apps.createNamespacedDeployment({
    namespace: NS,
    body: deployment("live", 2, "registry.invalid/live:0"),
  });
  const socket = await stack.connect(cookie);
  let changed = () => {};
  socket.on("resources:changed", (e: ResourcesChangedEvent) => {
    if (e.kind === "deployments" && e.namespace === NS) changed();
  });
  const ack = (await socket
    .timeout(30_000)
    .emitWithAck("resources:subscribe", { clusterId, kind: "deployments", namespace: NS })) as {
    ok: boolean;
    message?: string;
  };
  if (!ack.ok) throw new Error(`resources:subscribe refused: ${ack.message}`);
  const status = async () => {
    const res = await trpc<RolloutsStatusOutput>("rollouts.status", { name: "live" });
    if (res.status !== 200) throw new Error(`rollouts.status: HTTP ${res.status} ${res.error?.message}`);
    return res.data;
  };
  const waitComplete = async () => {
    for (let i = 0; i < 600; i++) {
      if ((await status()).phase === "complete") return;
      await sleep(100);
    }
    throw new Error("Deployment live did not complete");
  };
  await waitComplete();
  const liveSamples: number[] = [];
  for (let n = 1; n <= cfg.changes; n++) {
    const image = `registry.invalid/live:${n}`;
    // As the page does: every `resources:changed` triggers one rollouts.status; done when it shows the change.
    const seen = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`change ${n} not seen in 30 s`)), 30_000);
      // One status call at a time, as a page's query does; an event during a call asks again after it.
      let busy = false;
      let again = false;
      changed = () => {
        if (busy) {
          again = true;
          return;
        }
        busy = true;
        status()
          .then((s) => {
            busy = false;
            if (s.images.includes(image)) {
              clearTimeout(timer);
              resolve(performance.now());
            } else if (again) {
              again = false;
              changed();
            }
          })
          .catch(reject);
      };
    });
    const t0 = performance.now();
    await setImage("live", image);
    liveSamples.push((await seen) - t0);
    changed = () => {};
    await waitComplete();
  }
  const liveSummary = summarize(liveSamples);
  log(`status change to the page p99 ${ms(liveSummary.p99)}`);

  const rows: Row[] = [
    {
      what: `rollouts.history of a Deployment with ${cfg.revisions} revisions, warm, p50 / p95 / max`,
      measured: `${ms(historySummary.p50)} / ${ms(historySummary.p95)} / ${ms(historySummary.max)}`,
      target: `p95 <= ${HISTORY_TARGET_MS} ms`,
      result: passFail(historySummary.p95 <= HISTORY_TARGET_MS),
    },
    {
      what: "image PATCH of a rolling Deployment -> resources:changed -> rollouts.status shows it, p50 / p99 / max",
      measured: `${ms(liveSummary.p50)} / ${ms(liveSummary.p99)} / ${ms(liveSummary.max)}`,
      target: `p99 <= ${ms(LIVE_TARGET_MS)}`,
      result: passFail(liveSummary.p99 <= LIVE_TARGET_MS),
    },
  ];
  failed = rows.some((r) => r.result === "FAIL");
  const line = (s: Summary) => `n=${s.n}, mean ${ms(s.mean)}`;
  await printReport(
    rows,
    [
      `History: ${cfg.calls} sequential calls after ${cfg.warmup}+ warm-up calls (${line(historySummary)}). Live: ${cfg.changes} image changes of a 2-replica Deployment, each after the previous rollout completed (${line(liveSummary)}); resources:changed is coalesced to at most one event per 250 ms.`,
      "tRPC over HTTP and socket.io as Alice's browser session to the production web server (its own process); the local control plane with kwok nodes.",
      machineLine(loadAtStart),
    ],
    { file: flags.json, data: { historySamples, liveSamples } },
  );
} finally {
  await stack.close();
}
process.exit(failed ? 1 : 0);
