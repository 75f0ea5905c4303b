/**
 * npm run bench:streams [-- --lines 100000 --rounds 3 ...]
 *
 * Live streams through ClusterCord's socket.io events, side by side with
 * kubectl against the same API server, in one run:
 * - log lines/s from one pod to a socket.io client (`logs:start`) vs
 *   `kubectl logs -f` on the same pod, alternating rounds of a burst, then
 *   both following the same bursts at once (the same moment's load for
 *   each); then the pod logging at a steady rate: lines delivered and their
 *   latency;
 * - the web server's memory while streaming, and while a client stops reading;
 * - terminal output MB/s through `exec:start` with flow control (the client
 *   acknowledges every output event), vs `kubectl exec` without a TTY;
 * - keystroke echo: single characters typed into `cat`, time to their echo.
 *
 * The web server is its own process (bench/lib/stack.ts); the clients,
 * kubectl and the log writer are this process and its children. Not a test:
 * it prints a table and exits 0 whether or not targets are met (1 when it
 * could not measure).
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import type { Socket } from "socket.io-client";
import { appendLogBurst, appendLogPaced } from "./lib/log-burst";
import {
  benchLogger,
  loadAverage,
  machineLine,
  passFail,
  printReport,
  type Row,
  wholeNumber,
} from "./lib/report";
import { createNamespaces } from "./lib/seed";
import { ACME, sampleEvery, startBenchStack } from "./lib/stack";
import { bytes, int, ms, type Summary, sleep, summarize } from "./lib/stats";
import {
  kubectlExecThroughput,
  kubectlLogFollower,
  type LogFollower,
  type PodRef,
  socketLogFollower,
  socketTerminal,
} from "./lib/stream-clients";

const { values: flags } = parseArgs({
  options: {
    lines: { type: "string", default: "100000" },
    "line-bytes": { type: "string", default: "120" },
    rounds: { type: "string", default: "3" },
    "paced-rate": { type: "string", default: "5000" },
    "paced-seconds": { type: "string", default: "10" },
    "stall-lines": { type: "string", default: "500000" },
    "stall-seconds": { type: "string", default: "15" },
    "terminal-mb": { type: "string", default: "50" },
    keystrokes: { type: "string", default: "200" },
    "keystroke-gap-ms": { type: "string", default: "50" },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log(`usage: npm run bench:streams -- [--lines N] [--line-bytes N] [--rounds N]
  [--paced-rate N/s] [--paced-seconds N] [--stall-lines N] [--stall-seconds N] [--terminal-mb N] [--keystrokes N] [--keystroke-gap-ms N] [--json FILE]`);
  process.exit(0);
}
const cfg = {
  lines: wholeNumber(flags, "lines", 1),
  lineBytes: wholeNumber(flags, "line-bytes", 60),
  rounds: wholeNumber(flags, "rounds", 1),
  pacedRate: wholeNumber(flags, "paced-rate", 0),
  pacedSeconds: wholeNumber(flags, "paced-seconds", 1),
  stallLines: wholeNumber(flags, "stall-lines", 0),
  stallSeconds: wholeNumber(flags, "stall-seconds", 1),
  terminalMb: wholeNumber(flags, "terminal-mb", 1),
  keystrokes: wholeNumber(flags, "keystrokes", 1),
  keystrokeGapMs: wholeNumber(flags, "keystroke-gap-ms", 0),
};

const NAMESPACE = "bench-000";
const POD = "logger";
const CONTAINER = "app";
/** Stalled client: the server's RSS may grow at most this much (the log written is larger). */
const STALL_RSS_BOUND = 64 * 1024 * 1024;

const log = benchLogger("streams");
const loadAtStart = loadAverage();
const MB = 1_000_000;
const median = (values: number[]) => summarize(values).p50;

/** Waits for a follower's first line (it is following), at most 30 s. */
async function followerReady(follower: LogFollower, kind: string) {
  await Promise.race([
    follower.ready,
    sleep(30_000).then(() => {
      throw new Error(`${kind}: no first log line within 30 s`);
    }),
  ]);
}

/** Waits until `done()` or until nothing moved for `idleMs` (lines lost); answers whether it was done. */
async function waitForLines(done: () => boolean, progress: () => number, idleMs: number): Promise<boolean> {
  let last = progress();
  let lastMoved = performance.now();
  while (!done()) {
    await sleep(50);
    const now = progress();
    if (now !== last) {
      last = now;
      lastMoved = performance.now();
    } else if (performance.now() - lastMoved > idleMs) return false;
  }
  return true;
}

async function main() {
  log(`config: ${JSON.stringify(cfg)}`);
  const stack = await startBenchStack({ name: "streams", log });
  const closing = { done: false };
  const close = async () => {
    if (closing.done) return;
    closing.done = true;
    await stack.close();
  };
  process.once("SIGINT", () => void close().then(() => process.exit(130)));
  process.once("SIGTERM", () => void close().then(() => process.exit(143)));
  try {
    const cluster = stack.cluster;
    if (!cluster) throw new Error("no control plane");
    const clusterId = await stack.addCluster("bench");
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    await createNamespaces(kc.makeApiClient(CoreV1Api), 1);
    await cluster.kubectl([
      "run",
      POD,
      "-n",
      NAMESPACE,
      "--image=registry.local/bench/logger:1",
      "--restart=Never",
      "--overrides",
      JSON.stringify({ spec: { containers: [{ name: CONTAINER, image: "registry.local/bench/logger:1" }] } }),
    ]);
    await cluster.kubectl([
      "wait",
      "-n",
      NAMESPACE,
      "--for=jsonpath={.status.phase}=Running",
      `pod/${POD}`,
      "--timeout=120s",
    ]);
    const pod: PodRef = { clusterId, namespace: NAMESPACE, pod: POD, container: CONTAINER };
    const logsFile = join(cluster.dataDir, "logs", "container.log");
    const cookie = await stack.signIn("alice", ACME);
    const socket = await stack.connect(cookie);
    log(`pod ${NAMESPACE}/${POD} Running; Alice signed in; web server RSS ${bytes(stack.webRss())}`);

    // --- log lines/s: kubectl and ClusterCord alternate, each round its own burst --------------
    interface Round {
      kind: "kubectl" | "clustercord";
      linesPerSecond: number;
      received: number;
      dropped: number;
      complete: boolean;
      seconds: number;
      burstBytes: number;
      rssBefore: number;
      rssPeak: number;
    }
    const rounds: Round[] = [];
    const runRound = async (kind: Round["kind"], i: number) => {
      const run = `${kind === "kubectl" ? "k" : "c"}${i}-${randomBytes(3).toString("hex")}`;
      const follower: LogFollower =
        kind === "kubectl"
          ? kubectlLogFollower(cluster.binaries.kubectl, cluster.kubeconfigPath, pod, run)
          : await socketLogFollower(socket, pod, run);
      try {
        await followerReady(follower, kind);
        const rssBefore = stack.webRss();
        const rss = sampleEvery(100, stack.webRss);
        const t0 = performance.now();
        const { bytes: burstBytes } = await appendLogBurst(logsFile, {
          run,
          count: cfg.lines,
          lineBytes: cfg.lineBytes,
        });
        const complete = await waitForLines(
          () => follower.counter.count + follower.dropped() >= cfg.lines,
          () => follower.counter.count + follower.dropped(),
          20_000,
        );
        const { peak } = rss.stop();
        const seconds = (follower.counter.lastAt - t0) / 1000;
        const round: Round = {
          kind,
          linesPerSecond: follower.counter.count / seconds,
          received: follower.counter.count,
          dropped: follower.dropped(),
          complete,
          seconds,
          burstBytes,
          rssBefore,
          rssPeak: peak,
        };
        rounds.push(round);
        log(
          `    ${kind} round ${i + 1}: ${int(round.received)}/${int(cfg.lines)} lines in ${seconds.toFixed(2)} s = ${int(Math.round(round.linesPerSecond))} lines/s` +
            `${round.dropped ? `, ${int(round.dropped)} dropped by the server` : ""}${complete ? "" : " (stalled: lines missing)"}; web RSS ${bytes(rssBefore)} -> peak ${bytes(peak)}`,
        );
      } finally {
        await follower.stop();
      }
    };
    log(
      `log lines/s: ${cfg.rounds} rounds each of ${int(cfg.lines)} lines (~${cfg.lineBytes} B) written at once`,
    );
    for (let i = 0; i < cfg.rounds; i++) {
      await runRound("kubectl", i);
      await runRound("clustercord", i);
    }
    const kubectlRounds = rounds.filter((r) => r.kind === "kubectl");
    const ccRounds = rounds.filter((r) => r.kind === "clustercord");
    const kubectlRate = median(kubectlRounds.map((r) => r.linesPerSecond));
    const ccRate = median(ccRounds.map((r) => r.linesPerSecond));
    const ccComplete = ccRounds.every((r) => r.complete && r.received === cfg.lines);
    const ccDropped = ccRounds.reduce((a, r) => a + r.dropped, 0);
    const ccReceived = ccRounds.reduce((a, r) => a + r.received, 0);
    const ccStalled = ccRounds.filter((r) => !r.complete).length;
    const ccRssGrowth = Math.max(...ccRounds.map((r) => r.rssPeak - r.rssBefore));
    const burstBytes = rounds[0]?.burstBytes ?? 0;

    // --- both readers on one burst at once: the same moment's load for each, so their ratio -------
    // does not drift with the shared machine's load between alternating rounds.
    const together: { kubectl: number; clustercord: number; complete: boolean }[] = [];
    log(
      `both at once: ${cfg.rounds} bursts of ${int(cfg.lines)} lines, kubectl and ClusterCord following each`,
    );
    for (let i = 0; i < cfg.rounds; i++) {
      const run = `b${i}-${randomBytes(3).toString("hex")}`;
      const kubectl = kubectlLogFollower(cluster.binaries.kubectl, cluster.kubeconfigPath, pod, run);
      const cc = await socketLogFollower(socket, pod, run);
      try {
        await followerReady(kubectl, "kubectl");
        await followerReady(cc, "clustercord");
        const t0 = performance.now();
        await appendLogBurst(logsFile, { run, count: cfg.lines, lineBytes: cfg.lineBytes });
        const progress = () => kubectl.counter.count + cc.counter.count + cc.dropped();
        const complete = await waitForLines(() => progress() >= 2 * cfg.lines, progress, 20_000);
        const rateOf = (f: LogFollower) => f.counter.count / ((f.counter.lastAt - t0) / 1000);
        const result = { kubectl: rateOf(kubectl), clustercord: rateOf(cc), complete };
        together.push(result);
        log(
          `    round ${i + 1}: kubectl ${int(kubectl.counter.count)} lines, ${int(Math.round(result.kubectl))} lines/s; ` +
            `ClusterCord ${int(cc.counter.count)} lines, ${int(Math.round(result.clustercord))} lines/s` +
            `${cc.dropped() ? `, ${int(cc.dropped())} dropped` : ""}${complete ? "" : " (stalled: lines missing)"}`,
        );
      } finally {
        await kubectl.stop();
        await cc.stop();
      }
    }
    const togetherRatios = together.map((r) => r.clustercord / r.kubectl);

    // --- the pod logging at a steady rate: delivered lines and latency (written -> read) -------------
    interface Paced {
      kind: Round["kind"];
      total: number;
      received: number;
      dropped: number;
      latency: Summary;
      writeSeconds: number;
      rssGrowth: number;
    }
    const paced: Paced[] = [];
    if (cfg.pacedRate > 0) {
      const total = cfg.pacedRate * cfg.pacedSeconds;
      log(
        `steady logging: ${int(cfg.pacedRate)} lines/s for ${cfg.pacedSeconds} s, kubectl then ClusterCord`,
      );
      for (const kind of ["kubectl", "clustercord"] as const) {
        const run = `p${kind === "kubectl" ? "k" : "c"}-${randomBytes(3).toString("hex")}`;
        const writtenAt = new Float64Array(total);
        const latencies: number[] = [];
        const onLine = (seq: number, now: number) => {
          const written = writtenAt[seq];
          if (written) latencies.push(now - written);
        };
        const follower =
          kind === "kubectl"
            ? kubectlLogFollower(cluster.binaries.kubectl, cluster.kubeconfigPath, pod, run, onLine)
            : await socketLogFollower(socket, pod, run, onLine);
        try {
          await followerReady(follower, kind);
          const rssBefore = stack.webRss();
          const rss = sampleEvery(100, stack.webRss);
          const { seconds: writeSeconds } = await appendLogPaced(
            logsFile,
            { run, rate: cfg.pacedRate, lineBytes: cfg.lineBytes },
            writtenAt,
            () => performance.now(),
          );
          await waitForLines(
            () => follower.counter.count + follower.dropped() >= total,
            () => follower.counter.count + follower.dropped(),
            10_000,
          );
          const result: Paced = {
            kind,
            total,
            received: follower.counter.count,
            dropped: follower.dropped(),
            latency: summarize(latencies),
            writeSeconds,
            rssGrowth: rss.stop().peak - rssBefore,
          };
          paced.push(result);
          log(
            `    ${kind}: ${int(result.received)}/${int(total)} lines (written in ${writeSeconds.toFixed(1)} s)` +
              `${result.dropped ? `, ${int(result.dropped)} dropped` : ""}; latency p50 ${ms(result.latency.p50)} p99 ${ms(result.latency.p99)}`,
          );
        } finally {
          await follower.stop();
        }
      }
    }

    // --- a client that stops reading: the server must not buffer the whole log for it --------------
    let stall: {
      rssBefore: number;
      rssPeak: number;
      written: number;
      received: number;
      dropped: number;
    } | null = null;
    if (cfg.stallLines > 0) {
      log(`stalled client: stops reading, ${int(cfg.stallLines)} lines are logged, ${cfg.stallSeconds} s`);
      const slow = await stack.connect(cookie);
      const run = `s-${randomBytes(3).toString("hex")}`;
      const follower = await socketLogFollower(slow, pod, run);
      await follower.ready;
      const tcp = rawSocketOf(slow);
      if (!tcp) throw new Error("cannot reach the socket.io client's TCP socket to pause it");
      await sleep(500);
      const rssBefore = stack.webRss();
      const rss = sampleEvery(100, stack.webRss);
      tcp.pause();
      const { bytes: written } = await appendLogBurst(logsFile, {
        run,
        count: cfg.stallLines,
        lineBytes: cfg.lineBytes,
      });
      await sleep(cfg.stallSeconds * 1000);
      const { peak } = rss.stop();
      tcp.resume();
      await waitForLines(
        () => follower.counter.count + follower.dropped() >= cfg.stallLines,
        () => follower.counter.count + follower.dropped(),
        10_000,
      );
      stall = {
        rssBefore,
        rssPeak: peak,
        written,
        received: follower.counter.count,
        dropped: follower.dropped(),
      };
      log(
        `    web RSS ${bytes(rssBefore)} -> peak ${bytes(peak)} while ${bytes(written)} was logged; ` +
          `afterwards the client got ${int(stall.received)} lines, ${int(stall.dropped)} reported dropped`,
      );
      await follower.stop();
      slow.close();
      await sleep(2_000);
    }

    // --- terminal throughput ---------------------------------------------------------------------
    // base64 of zeros: 76-character lines; the terminal turns "\n" into "\r\n".
    const inputBytes = Math.round((cfg.terminalMb * MB * 3) / 4);
    const command = `head -c ${inputBytes} /dev/zero | base64`;
    log(`terminal: \`${command}\` (~${cfg.terminalMb} MB of output) through exec:start`);
    const term = await socketTerminal(socket, pod);
    term.send("echo re''ady\n");
    await term.waitForText(/ready\r?\n/, 30_000);
    const termRss = sampleEvery(100, stack.webRss);
    const termRssBefore = stack.webRss();
    const startMark = term.waitForText(/BENCH-START\r?\n/, 30_000);
    const endMark = term.waitForText(/BENCH-END\r?\n/, 600_000);
    term.send(`echo BENCH-ST''ART; ${command}; echo BENCH-E''ND\n`);
    const started = await startMark;
    const ended = await endMark;
    const termPeak = termRss.stop().peak;
    const termChars = ended.chars - started.chars;
    const termSeconds = (ended.at - started.at) / 1000;
    const termRate = termChars / MB / termSeconds;
    log(
      `    ${bytes(termChars)} in ${termSeconds.toFixed(2)} s = ${termRate.toFixed(1)} MB/s; web RSS ${bytes(termRssBefore)} -> peak ${bytes(termPeak)}`,
    );
    log(`terminal baseline: kubectl exec (no TTY) of the same command`);
    const kubectlExec = await kubectlExecThroughput(
      cluster.binaries.kubectl,
      cluster.kubeconfigPath,
      pod,
      command,
    );
    const kubectlExecRate = kubectlExec.bytes / MB / (kubectlExec.ms / 1000);
    log(`    ${bytes(kubectlExec.bytes)} in ${ms(kubectlExec.ms)} = ${kubectlExecRate.toFixed(1)} MB/s`);

    // --- keystroke echo ----------------------------------------------------------------------
    log(`keystroke echo: ${cfg.keystrokes} single characters into \`cat\`, ${cfg.keystrokeGapMs} ms apart`);
    term.send("cat\n");
    await sleep(1_000);
    const echoMs: number[] = [];
    const letters = "abcdefghijklmnopqrstuvwxyz";
    for (let i = 0; i < cfg.keystrokes; i++) {
      const ch = letters[i % letters.length] as string;
      const echoed = term.waitForEcho(ch, 10_000);
      const sent = performance.now();
      term.send(ch);
      const { at } = await echoed;
      echoMs.push(at - sent);
      await sleep(cfg.keystrokeGapMs);
    }
    term.send("\x03");
    term.send("exit\n");
    await term.close();
    const echo = summarize(echoMs);
    log(`    p50 ${ms(echo.p50)}, p95 ${ms(echo.p95)}, max ${ms(echo.max)}`);

    // --- the table -------------------------------------------------------------------------
    const rate = (v: number) => `${int(Math.round(v))} lines/s`;
    const each = (rs: Round[]) => rs.map((r) => int(Math.round(r.linesPerSecond))).join(", ");
    const ratio = ccRate / kubectlRate;
    const rows: Row[] = [
      {
        what: `\`kubectl logs -f\` on one pod: ${int(cfg.lines)} lines (${bytes(burstBytes)}) logged at once, until the last arrives; median of ${kubectlRounds.length} (${each(kubectlRounds)})`,
        measured: rate(kubectlRate),
        target: "baseline",
        result: "",
      },
      {
        what: `the same pod to a socket.io client (\`logs:start\`), rounds alternating with kubectl's; median of ${ccRounds.length} (${each(ccRounds)}); ${ccComplete ? "every line arrived" : `the client got ${int(ccReceived)} of ${int(cfg.lines * ccRounds.length)} lines, the server reported ${int(ccDropped)} dropped${ccStalled ? `, ${ccStalled} round(s) stopped short` : ""}`}`,
        measured: `${rate(ccRate)} (${ratio.toFixed(2)} x kubectl)`,
        target: ">= 0.8 x kubectl and >= 1,000 lines/s",
        result: passFail(ratio >= 0.8 && ccRate >= 1_000),
      },
      {
        what: `both at once: \`kubectl logs -f\` and a socket.io client following the same pod, one burst of ${int(cfg.lines)} lines, each until its last line; ratio ClusterCord / kubectl per round (${togetherRatios.map((r) => r.toFixed(2)).join(", ")})${together.every((r) => r.complete) ? "" : "; some lines never arrived"}`,
        measured: `median ${median(togetherRatios).toFixed(2)} x (ClusterCord ${rate(median(together.map((r) => r.clustercord)))}, kubectl ${rate(median(together.map((r) => r.kubectl)))})`,
        target: "",
        result: "",
      },
      {
        what: "web server memory while streaming those logs: peak RSS - RSS before the round (worst round)",
        measured: bytes(ccRssGrowth),
        target: "",
        result: "",
      },
      ...paced.map(
        (r): Row => ({
          what:
            r.kind === "kubectl"
              ? `\`kubectl logs -f\`, the pod logging a steady ${int(cfg.pacedRate)} lines/s for ${cfg.pacedSeconds} s: lines delivered, latency from the write to the reader`
              : `the same to a socket.io client (\`logs:start\`; a partial batch of lines waits up to 75 ms)${r.dropped ? `; ${int(r.dropped)} dropped by the server` : ""}; web RSS +${bytes(r.rssGrowth)} at peak`,
          measured: `${int(r.received)}/${int(r.total)}; p50 ${ms(r.latency.p50)}, p99 ${ms(r.latency.p99)}`,
          target: r.kind === "kubectl" ? "baseline" : "",
          result: "",
        }),
      ),
      ...(stall
        ? [
            {
              what: `memory bounded: a client stops reading (TCP paused) while ${int(cfg.stallLines)} lines (${bytes(stall.written)}) are logged, ${cfg.stallSeconds} s; web server peak RSS - RSS before; held for the client until it read again: ${int(stall.received)} lines, ${int(stall.dropped)} reported dropped`,
              measured: bytes(stall.rssPeak - stall.rssBefore),
              target: `<= ${bytes(STALL_RSS_BOUND)}`,
              result: passFail(stall.rssPeak - stall.rssBefore <= STALL_RSS_BOUND),
            } satisfies Row,
          ]
        : []),
      {
        what: `terminal output through \`exec:start\` (sh in a TTY, the client acknowledging each event for flow control): \`head -c ${inputBytes} /dev/zero\` piped to \`base64\`, ${bytes(termChars)} of output`,
        measured: `${termRate.toFixed(1)} MB/s (${termSeconds.toFixed(2)} s; web RSS +${bytes(termPeak - termRssBefore)} at peak)`,
        target: ">= 5 MB/s",
        result: passFail(termRate >= 5),
      },
      {
        what: "`kubectl exec` of the same command, no TTY, stdout drained (process start included)",
        measured: `${kubectlExecRate.toFixed(1)} MB/s (${ms(kubectlExec.ms)})`,
        target: "baseline",
        result: "",
      },
      {
        what: `keystroke echo: ${echo.n} single characters typed into \`cat\` in the terminal, ${cfg.keystrokeGapMs} ms apart, time to their echo`,
        measured: `p50 ${ms(echo.p50)}, p95 ${ms(echo.p95)} (max ${ms(echo.max)})`,
        target: "p95 <= 100 ms",
        result: passFail(echo.p95 <= 100),
      },
    ];
    const context = [
      "Web server (API + socket.io, no pages) in its own process; clients, kubectl and the log writer in the bench's;",
      "the kwok controller follows the pod's log file as the kubelet does (CRI format), for both readers.",
      `MB = 10^6 bytes. ${machineLine(loadAtStart)}`,
    ];
    await printReport(rows, context, {
      file: flags.json,
      data: { config: cfg, rounds, together, paced, stall, echoMs },
    });
  } finally {
    await close();
  }
}

/** The net.Socket under a socket.io-client websocket (engine.io-client on `ws`), to pause reading. */
function rawSocketOf(socket: Socket): { pause(): void; resume(): void } | null {
  const engine = socket.io.engine as unknown as {
    transport?: { ws?: { _socket?: { pause(): void; resume(): void } } };
  };
  return engine.transport?.ws?._socket ?? null;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
