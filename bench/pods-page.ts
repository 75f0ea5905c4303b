/**
 * npm run bench:pods-page [-- --pods 10000 ...]
 *
 * The pods page in Chromium (Debian's, driven by Playwright) with 10,000 pods
 * in one namespace of the local control plane: time to first rows, rows in the
 * DOM, and frames per second while scrolling (requestAnimationFrame counted
 * during a scripted scroll of the table's box).
 *
 * Builds the web app first (`turbo run build --filter=@clustercord/web`,
 * cached when nothing changed; --skip-build to use the build as it is), then
 * starts the web server with its pages as its own process (bench/lib/stack.ts).
 * Not a test: prints a table, exits 0 whether or not targets are met (1 when
 * it could not measure).
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { type Browser, chromium, devices, type Page } from "@playwright/test";
import {
  KEEP_NAMES_SHIM,
  POD_ROWS,
  recordFirstRows,
  type ScrollResult,
  scrollAndCount,
} from "./lib/browser-probes";
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
import { type BenchStack, repoRoot, startBenchStack } from "./lib/stack";
import { bytes, int, ms, percentile, sleep, summarize } from "./lib/stats";

const { values: flags } = parseArgs({
  options: {
    pods: { type: "string", default: "10000" },
    nodes: { type: "string", default: "20" },
    "create-concurrency": { type: "string", default: "24" },
    loads: { type: "string", default: "5" },
    "scroll-runs": { type: "string", default: "3" },
    "scroll-seconds": { type: "string", default: "5" },
    "steady-px-per-second": { type: "string", default: "2000" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
    "skip-build": { type: "boolean", default: false },
    json: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log(`usage: npm run bench:pods-page -- [--pods N] [--nodes N] [--create-concurrency N] [--loads N]
  [--scroll-runs N] [--scroll-seconds N] [--steady-px-per-second N] [--chromium PATH] [--skip-build] [--json FILE]`);
  process.exit(0);
}
const cfg = {
  pods: wholeNumber(flags, "pods", 1),
  nodes: wholeNumber(flags, "nodes", 1),
  createConcurrency: wholeNumber(flags, "create-concurrency", 1),
  loads: wholeNumber(flags, "loads", 1),
  scrollRuns: wholeNumber(flags, "scroll-runs", 1),
  scrollSeconds: wholeNumber(flags, "scroll-seconds", 1),
  steadyPxPerSecond: wholeNumber(flags, "steady-px-per-second", 1),
};

const NAMESPACE = "bench-000";
const SCROLL_BOX = '[data-testid="pods-scroll"]';
/** A frame later than this after the previous one counts as a dropped frame (60 Hz: 16.7 ms). */
const LONG_FRAME_MS = 25;

const log = benchLogger("pods-page");
const loadAtStart = loadAverage();

function buildWeb(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["turbo", "run", "build", "--filter=@clustercord/web"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout.pipe(process.stderr);
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`the web build failed (exit ${code})`)),
    );
  });
}

/** The OAuth flow in the browser (as apps/web/e2e/fixtures.ts signs in), then the guild. */
async function signIn(page: Page, stack: BenchStack, username: string, guildName: string) {
  await page.goto(stack.webUrl);
  await page.getByRole("button", { name: "Sign in with Discord" }).click();
  await page.waitForURL((url) => url.origin === new URL(stack.discord.webBase).origin);
  await page.getByRole("button", { name: username, exact: true }).click();
  await page.waitForURL(`${stack.webUrl}/guilds`);
  await page.getByRole("button", { name: new RegExp(guildName) }).click();
  await page.waitForURL(`${stack.webUrl}/dashboard`);
}

interface Load {
  firstRowsMs: number;
  /** Pod rows in the DOM once the page shows every pod. */
  rows: number;
  /** pods.list answer size (bytes), when seen. */
  answerBytes: number;
}

/** Opens the pods page afresh; times the first pod row from the navigation's start. */
async function loadPodsPage(page: Page, url: string, total: number): Promise<Load> {
  let answerBytes = 0;
  const onResponse = (response: { url(): string; body(): Promise<Buffer> }) => {
    if (response.url().includes("/api/trpc/pods.list"))
      void response.body().then(
        (b) => {
          answerBytes = Math.max(answerBytes, b.length);
        },
        () => {},
      );
  };
  page.on("response", onResponse);
  try {
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction(
      () => (window as unknown as { __benchFirstRowsAt?: number }).__benchFirstRowsAt !== undefined,
      undefined,
      { timeout: 120_000, polling: 100 },
    );
    const firstRowsMs = await page.evaluate(
      () => (window as unknown as { __benchFirstRowsAt: number }).__benchFirstRowsAt,
    );
    await page.getByText(`${total} pods`, { exact: true }).waitFor({ timeout: 120_000 });
    await page.getByRole("status", { name: "Updates" }).getByText("Live").waitFor({ timeout: 60_000 });
    const rows = await page.locator(POD_ROWS).count();
    return { firstRowsMs, rows, answerBytes };
  } finally {
    page.off("response", onResponse);
  }
}

interface ScrollStats {
  fps: number;
  frameP95: number;
  longFrames: number;
  frames: number;
  maxRows: number;
  reachedEnd: boolean;
}

function scrollStats(r: ScrollResult, totalRows: number): ScrollStats {
  const gaps = r.frames.slice(1).map((t, i) => t - (r.frames[i] as number));
  const span = (r.frames[r.frames.length - 1] ?? 0) - (r.frames[0] ?? 0);
  return {
    fps: span > 0 ? (gaps.length * 1000) / span : 0,
    frameP95: percentile(gaps, 95),
    longFrames: gaps.filter((g) => g > LONG_FRAME_MS).length,
    frames: r.frames.length,
    maxRows: r.maxRows,
    reachedEnd: r.maxRowIndex === totalRows + 1,
  };
}

async function main() {
  log(`config: ${JSON.stringify(cfg)}`);
  if (!flags["skip-build"]) {
    log("building the web app (turbo; cached when unchanged)");
    await buildWeb();
  }
  const stack = await startBenchStack({ name: "pods-page", pages: true, log });
  let browser: Browser | null = null;
  const closing = { done: false };
  const close = async () => {
    if (closing.done) return;
    closing.done = true;
    await browser?.close().catch(() => {});
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
    const core = kc.makeApiClient(CoreV1Api);
    const perNode = Math.ceil(cfg.pods / cfg.nodes) + 50;
    const nodes = await addKwokNodes(core, cfg.nodes, perNode);
    await createNamespaces(core, 1);
    let t = performance.now();
    await createPods(core, {
      namespaces: [NAMESPACE],
      total: cfg.pods,
      nodes,
      concurrency: cfg.createConcurrency,
      onProgress: (p) => log(`created ${int(p.created)}/${int(p.total)} pods`),
    });
    await waitForRunning(core, cfg.pods, 30 * 60_000, (n) => log(`${int(n)} pods not Running yet`));
    log(`${int(cfg.pods)} pods Running in ${NAMESPACE} after ${ms(performance.now() - t)}`);

    browser = await chromium.launch({
      executablePath: flags.chromium,
      // As apps/web/playwright.config.ts: Debian's Chromium, kept off the network.
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    const browserContext = await browser.newContext({ ...devices["Desktop Chrome"] });
    await browserContext.addInitScript({ content: KEEP_NAMES_SHIM });
    await browserContext.addInitScript(recordFirstRows, POD_ROWS);
    const page = await browserContext.newPage();
    await signIn(page, stack, "alice", "Acme Ops");
    const url = `${stack.webUrl}/clusters/${clusterId}/pods?namespace=${NAMESPACE}`;

    // --- time to first rows: the first load fills the server's pods cache; then warm loads -------
    t = performance.now();
    const cold = await loadPodsPage(page, url, cfg.pods);
    log(
      `first load (cold server cache): first rows after ${ms(cold.firstRowsMs)}; ${cold.rows} rows in the DOM`,
    );
    const warm: Load[] = [];
    for (let i = 0; i < cfg.loads; i++) {
      const l = await loadPodsPage(page, url, cfg.pods);
      warm.push(l);
      log(
        `load ${i + 1}: first rows after ${ms(l.firstRowsMs)}; ${l.rows} rows in the DOM; pods.list ${bytes(l.answerBytes)}`,
      );
    }
    const firstRows = summarize(warm.map((l) => l.firstRowsMs));
    const rowsAfterLoad = Math.max(cold.rows, ...warm.map((l) => l.rows));

    // --- scrolling -------------------------------------------------------------------------
    await sleep(1_000);
    const scroll = async (label: string, opts: { pxPerSecond: number; reachEndAfter?: number }) => {
      const runs: ScrollStats[] = [];
      for (let i = 0; i < cfg.scrollRuns; i++) {
        const result = await page.evaluate(scrollAndCount, {
          scrollSelector: SCROLL_BOX,
          rowSelector: POD_ROWS,
          seconds: cfg.scrollSeconds,
          ...opts,
        });
        const s = scrollStats(result, cfg.pods);
        runs.push(s);
        log(
          `${label} ${i + 1}: ${s.fps.toFixed(1)} fps, frame p95 ${ms(s.frameP95)}, ${s.longFrames} frames > ${LONG_FRAME_MS} ms, max ${s.maxRows} rows in the DOM${opts.reachEndAfter ? `, reached the last row: ${s.reachedEnd}` : ""}`,
        );
        await sleep(500);
      }
      return runs;
    };
    // The machine's ceiling: the same loop on the same page, not scrolling.
    const idle = await scroll("no scrolling (ceiling)", { pxPerSecond: 0 });
    const steady = await scroll("steady scroll", { pxPerSecond: cfg.steadyPxPerSecond });
    const fast = await scroll("fling through all rows", {
      pxPerSecond: 0,
      reachEndAfter: cfg.scrollSeconds * 0.8,
    });
    const medianOf = (runs: ScrollStats[], pick: (s: ScrollStats) => number) => summarize(runs.map(pick)).p50;
    const maxRowsScrolling = Math.max(...steady.map((s) => s.maxRows), ...fast.map((s) => s.maxRows));
    const fpsRow = (runs: ScrollStats[]) => {
      const fps = medianOf(runs, (s) => s.fps);
      return {
        fps,
        measured: `${fps.toFixed(1)} fps (runs: ${runs.map((s) => s.fps.toFixed(1)).join(", ")}); frame p95 ${ms(medianOf(runs, (s) => s.frameP95))}; ${int(runs.reduce((a, s) => a + s.longFrames, 0))} of ${int(runs.reduce((a, s) => a + s.frames, 0))} frames > ${LONG_FRAME_MS} ms`,
      };
    };
    const idleFps = fpsRow(idle);
    const steadyFps = fpsRow(steady);
    const fastFps = fpsRow(fast);
    const rowsPerSecond = Math.round(cfg.steadyPxPerSecond / 41);

    const rows: Row[] = [
      {
        what: `time to first rows: the pods page of a namespace with ${int(cfg.pods)} pods, from navigation start to the first pod row in the DOM; ${warm.length} loads (pods.list answer ${bytes(warm[0]?.answerBytes ?? 0)})`,
        measured: `p50 ${ms(firstRows.p50)}, max ${ms(firstRows.max)}`,
        target: "",
        result: "",
      },
      {
        what: "the same, first load after the server started (its pods cache fills from the API server)",
        measured: ms(cold.firstRowsMs),
        target: "",
        result: "",
      },
      {
        what: `pod rows in the DOM with all ${int(cfg.pods)} pods loaded (after load / at any frame while scrolling)`,
        measured: `${rowsAfterLoad} / ${maxRowsScrolling}`,
        target: "< 100",
        result: passFail(rowsAfterLoad < 100 && maxRowsScrolling < 100),
      },
      {
        what: `the same requestAnimationFrame loop on the loaded page without scrolling (the most frames this Chromium delivers here), median of ${idle.length} runs`,
        measured: idleFps.measured,
        target: "ceiling",
        result: "",
      },
      {
        what: `frames per second while scrolling steadily (${int(cfg.steadyPxPerSecond)} px/s, ~${rowsPerSecond} rows/s, ${cfg.scrollSeconds} s), median of ${steady.length} runs`,
        measured: steadyFps.measured,
        target: ">= 55",
        result: passFail(steadyFps.fps >= 55),
      },
      {
        what: `frames per second while flinging through all ${int(cfg.pods)} rows in ${(cfg.scrollSeconds * 0.8).toFixed(1)} s, median of ${fast.length} runs (the last row rendered: ${fast.every((s) => s.reachedEnd) ? "every run" : `${fast.filter((s) => s.reachedEnd).length} of ${fast.length} runs`})`,
        measured: fastFps.measured,
        target: ">= 55",
        result: passFail(fastFps.fps >= 55),
      },
    ];
    const context = [
      "Debian's Chromium, headless, --disable-gpu, 1280x720 (Playwright's Desktop Chrome); the scroll sets the table box's scrollTop",
      "from a requestAnimationFrame loop (main-thread scrolling, the harder case), and the frames counted are that loop's.",
      "The web server (pages, API, socket.io) is its own process; the control plane's processes and the browser share the machine.",
      machineLine(loadAtStart),
    ];
    await printReport(rows, context, {
      file: flags.json,
      data: { config: cfg, cold, warm, idle, steady, fast },
    });
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
