/**
 * A real Kubernetes control plane on 127.0.0.1 for tests and the demo.
 *
 * kube-apiserver, kube-controller-manager, kube-scheduler, etcd, the kwok
 * controller and metrics-server are built from Go modules by
 * packages/testenv/cluster/build.sh (cached under ~/.cache/clustercord) and
 * run by `kwokctl --runtime binary`. Three simulated nodes (kwok) run pods:
 * Pending -> Running, Job pods -> Succeeded; logs, exec and resource usage
 * (metrics.k8s.io) are simulated too.
 */

import { execFile, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { registerSecret } from "../leak-check";
import { portIsFree } from "../process";

const run = promisify(execFile);

/** packages/testenv/cluster (Go modules, versions.env, scripts, manifests). */
export { type CrashLoop, type RunningPod, simulateCrashLoop, waitForRunningPod } from "./broken-pods";
export {
  type BrokenCategory,
  type BrokenWorld,
  type BrokenWorldOptions,
  createBrokenWorld,
  type ExpectedFinding,
  type RunTarget,
} from "./broken-workloads";
export const clusterDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../cluster");
/** Repository root (three levels above packages/testenv/cluster). */
export const repoRoot = resolve(clusterDir, "../../..");

export interface ClusterVersions {
  KUBERNETES_VERSION: string;
  ETCD_VERSION: string;
  KWOK_VERSION: string;
  METRICS_SERVER_VERSION: string;
  HELM_VERSION: string;
  GATEWAY_API_VERSION: string;
  ARGO_ROLLOUTS_VERSION: string;
}

export function readVersions(): ClusterVersions {
  const values: Record<string, string> = {};
  for (const line of readFileSync(join(clusterDir, "versions.env"), "utf8").split("\n")) {
    const m = /^\s*([A-Z_]+)=(\S+)/.exec(line);
    if (m?.[1] && m[2]) values[m[1]] = m[2];
  }
  for (const key of [
    "KUBERNETES_VERSION",
    "ETCD_VERSION",
    "KWOK_VERSION",
    "METRICS_SERVER_VERSION",
    "HELM_VERSION",
    "GATEWAY_API_VERSION",
    "ARGO_ROLLOUTS_VERSION",
  ]) {
    if (!values[key]) throw new Error(`versions.env has no ${key}`);
  }
  return values as unknown as ClusterVersions;
}

export interface ClusterBinaries {
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kubectl: string;
  etcd: string;
  kwok: string;
  kwokctl: string;
  metricsServer: string;
  helm: string;
}

export function cacheDir(): string {
  return process.env.CLUSTERCORD_CACHE || join(homedir(), ".cache", "clustercord");
}

/** Where build.sh puts (or has put) each binary; nothing is checked. */
export function binaryPaths(): ClusterBinaries {
  const v = readVersions();
  const bin = (component: string, version: string, name: string) =>
    join(cacheDir(), "bin", `${component}-${version}`, name);
  return {
    kubeApiserver: bin("kubernetes", v.KUBERNETES_VERSION, "kube-apiserver"),
    kubeControllerManager: bin("kubernetes", v.KUBERNETES_VERSION, "kube-controller-manager"),
    kubeScheduler: bin("kubernetes", v.KUBERNETES_VERSION, "kube-scheduler"),
    kubectl: bin("kubernetes", v.KUBERNETES_VERSION, "kubectl"),
    etcd: bin("etcd", v.ETCD_VERSION, "etcd"),
    kwok: bin("kwok", v.KWOK_VERSION, "kwok"),
    kwokctl: bin("kwok", v.KWOK_VERSION, "kwokctl"),
    metricsServer: bin("metrics-server", v.METRICS_SERVER_VERSION, "metrics-server"),
    helm: bin("helm", v.HELM_VERSION, "helm"),
  };
}

const MANIFESTS = ["kwok-stages", "gateway-api", "argo-rollouts"] as const;

/** Manifests build.sh copies out of a Go module (kwok's default stages, the Gateway API and Argo Rollouts CRDs). */
export function manifestsDir(component: (typeof MANIFESTS)[number]): string {
  const v = readVersions();
  const version = {
    "kwok-stages": v.KWOK_VERSION,
    "gateway-api": v.GATEWAY_API_VERSION,
    "argo-rollouts": v.ARGO_ROLLOUTS_VERSION,
  }[component];
  return join(cacheDir(), "manifests", `${component}-${version}`);
}

const manifestsReady = () => MANIFESTS.every((c) => existsSync(join(manifestsDir(c), ".complete")));

/**
 * Builds whatever binary is missing (build.sh skips what is cached; a cold
 * build takes tens of minutes on 2 cores, a warm check well under a second).
 */
export async function ensureClusterBinaries(opts: { quiet?: boolean } = {}): Promise<ClusterBinaries> {
  const paths = binaryPaths();
  if (Object.values(paths).every((p) => existsSync(p)) && manifestsReady()) return paths;
  await new Promise<void>((resolvePromise, reject) => {
    const child = spawn("bash", [join(clusterDir, "build.sh")], {
      stdio: ["ignore", opts.quiet ? "ignore" : "inherit", "inherit"],
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`cluster/build.sh exited with code ${code}`)),
    );
  });
  const missing = [
    ...Object.values(paths),
    ...MANIFESTS.map((c) => join(manifestsDir(c), ".complete")),
  ].filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`build.sh finished but these are missing: ${missing.join(", ")}`);
  return paths;
}

export interface StartClusterOptions {
  /** Where the cluster keeps its state, certificates and kubeconfig (default <repo>/.data/cluster). */
  dataDir?: string;
  /** kwokctl cluster name (default "clustercord"). */
  name?: string;
  /** Also wait until metrics.k8s.io answers for every node (adds ~20-40 s). */
  waitForMetrics?: boolean;
  /** Print progress to stderr. */
  verbose?: boolean;
}

export interface Cluster {
  kubeconfigPath: string;
  /** https://127.0.0.1:<port> */
  server: string;
  dataDir: string;
  binaries: ClusterBinaries;
  /** Runs the built kubectl against this cluster. */
  kubectl(args: string[], input?: string): Promise<string>;
  /** Stops every process of the cluster and removes its state. Idempotent. */
  stop(): Promise<void>;
  /**
   * Stops every component (`kwokctl stop cluster`: kube-apiserver, etcd, ...) and keeps
   * their state, as an outage or an upgrade would; startControlPlane() brings them back.
   */
  stopControlPlane(): Promise<void>;
  /** Starts what stopControlPlane() stopped (`kwokctl start cluster`) and waits until /readyz answers. */
  startControlPlane(): Promise<void>;
  /** Leaves the cluster running after this process exits (`stopCluster()` / cluster:down ends it). */
  detach(): void;
}

const NODE_NAMES = ["kwok-node-1", "kwok-node-2", "kwok-node-3"];
// CI starts clusters in three shards beside the other tiers on two cores; a
// controller manager starved there once took over a minute to run kube-system.
const STARTUP_WAIT_MS = 150_000;

/** Starts (or restarts from scratch) the cluster and waits until it is ready. */
export async function startCluster(opts: StartClusterOptions = {}): Promise<Cluster> {
  const t0 = Date.now();
  const log = (msg: string) => {
    if (opts.verbose) process.stderr.write(`[cluster +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);
  };
  const binaries = await ensureClusterBinaries({ quiet: !opts.verbose });
  const dataDir = resolve(opts.dataDir ?? join(repoRoot, ".data", "cluster"));
  const name = opts.name ?? "clustercord";
  const kubeconfigPath = join(dataDir, "kubeconfig");
  const env = kwokEnv(binaries, dataDir);

  // Leftovers of a run that was killed: stop them first.
  await deleteCluster(binaries, env, name, kubeconfigPath, dataDir);
  await mkdir(join(dataDir, "exec"), { recursive: true });
  await chmod(join(dataDir, "exec"), 0o777); // exec'd commands run as nobody when we are root

  const logsFile = join(dataDir, "logs", "container.log");
  await mkdir(dirname(logsFile), { recursive: true });
  await writeFile(logsFile, initialLogLines(30));
  const sidecarLogsFile = join(dataDir, "logs", "sidecar.log");
  await writeFile(sidecarLogsFile, sidecarLogLines(SIDECAR_LOG_LINES));
  const configPath = join(dataDir, "kwok.yaml");
  await writeFile(
    configPath,
    kwokConfig({
      logsFile,
      sidecarLogsFile,
      execDir: join(dataDir, "exec"),
      // Only where user nobody can reach the scratch directory (mkdtemp dirs are 0700).
      execAsNobody: process.getuid?.() === 0 && othersCanTraverse(join(dataDir, "exec")),
      metricsServerManifest: join(clusterDir, "kwok", "metrics-server"),
      stages: await podAndNodeStages(),
      ports: await componentPorts(),
    }),
  );

  let stopped = false;
  let logWriter: ReturnType<typeof spawn> | undefined;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    if (logWriter?.pid) {
      try {
        process.kill(logWriter.pid, "SIGTERM");
      } catch {}
    }
    spawnSync(binaries.kwokctl, ["delete", "cluster", "--name", name, `--kubeconfig=${kubeconfigPath}`], {
      env,
      stdio: "ignore",
      timeout: 30_000,
    });
  };
  process.once("exit", stopSync);

  const cluster: Cluster = {
    kubeconfigPath,
    server: "",
    dataDir,
    binaries,
    kubectl: (args, input) => kubectl(binaries.kubectl, kubeconfigPath, args, input),
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off("exit", stopSync);
      if (logWriter?.pid) {
        try {
          process.kill(logWriter.pid, "SIGTERM");
        } catch {}
      }
      await deleteCluster(binaries, env, name, kubeconfigPath, dataDir);
    },
    detach() {
      process.off("exit", stopSync);
    },
    async stopControlPlane() {
      await run(binaries.kwokctl, ["stop", "cluster", "--name", name], { env, timeout: 60_000 });
    },
    async startControlPlane() {
      await run(binaries.kwokctl, ["start", "cluster", "--name", name], { env, timeout: 120_000 });
      await waitFor("the API server after a restart", 60_000, async () => {
        await cluster.kubectl(["get", "--raw", "/readyz"]);
        return true;
      });
    },
  };

  try {
    log("kwokctl create cluster");
    const args = [
      "create",
      "cluster",
      "--name",
      name,
      "--runtime",
      "binary",
      "--config",
      configPath,
      `--kubeconfig=${kubeconfigPath}`,
      "--secure-port=true",
      "--kube-authorization=true",
      "--kube-admission=true",
      "--enable=metrics-server",
      "--quiet-pull",
      "--timeout=120s",
      "--wait=60s",
      // The fake nodes' kubelet endpoint (logs, exec, metrics) is the kwok controller on loopback.
      "--extra-args=kwok-controller=node-ip=127.0.0.1",
      // metrics.k8s.io answers sooner (metrics-server's minimum resolution is 10s).
      "--extra-args=metrics-server=metric-resolution=10s",
      "--extra-args=metrics-server=kubelet-request-timeout=5s",
    ];
    const created = await run(binaries.kwokctl, args, { env, maxBuffer: 16 << 20 }).catch(
      (error: unknown) => {
        const e = error as { stdout?: string; stderr?: string; message: string };
        throw new Error(`kwokctl create cluster failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
      },
    );
    log(`kwokctl done: ${created.stderr.trim().split("\n").slice(-1)[0] ?? ""}`);

    const kubeconfig = await readFile(kubeconfigPath, "utf8");
    const server = /server:\s*(\S+)/.exec(kubeconfig)?.[1];
    if (!server) throw new Error(`no server in ${kubeconfigPath}`);
    cluster.server = server;
    const flat = await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
    for (const [, field, value] of flat.matchAll(/(client-key-data|token|password):\s*(\S+)/g)) {
      registerSecret(value ?? "", `cluster admin ${field}`);
    }

    log("creating nodes");
    await cluster.kubectl([
      "apply",
      "-f",
      join(clusterDir, "kwok", "nodes.yaml"),
      "-f",
      join(clusterDir, "kwok", "rbac.yaml"),
    ]);
    // kube-system workloads need the namespace's default service account.
    await waitFor("default service accounts", STARTUP_WAIT_MS, async () => {
      const out = await cluster.kubectl([
        "get",
        "serviceaccounts",
        "-A",
        "--field-selector=metadata.name=default",
        "-o",
        'jsonpath={range .items[*]}{.metadata.namespace}{" "}{end}',
      ]);
      const namespaces = out.split(" ");
      return namespaces.includes("default") && namespaces.includes("kube-system");
    });
    await cluster.kubectl(["apply", "-f", join(clusterDir, "kwok", "system.yaml")]);
    log("nodes and kube-system workloads created; waiting for Ready");
    await waitFor("3 Ready nodes", STARTUP_WAIT_MS, async () => {
      const out = await cluster.kubectl([
        "get",
        "nodes",
        "-o",
        'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
      ]);
      return NODE_NAMES.every((n) => out.includes(`${n}=True`));
    });
    await waitFor("kube-system pods Running", STARTUP_WAIT_MS, async () => {
      const out = await cluster.kubectl([
        "get",
        "pods",
        "-n",
        "kube-system",
        "-o",
        'jsonpath={range .items[*]}{.metadata.name}={.status.phase}{" "}{end}',
      ]);
      const running = out.split(" ").filter((p) => p.endsWith("=Running")).length;
      return running >= NODE_NAMES.length + 2 || `pods: ${out.trim() || "none yet"}`;
    });
    if (opts.waitForMetrics) {
      log("waiting for metrics.k8s.io");
      await waitFor("node metrics", 120_000, async () => {
        const out = await cluster
          .kubectl(["get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes"])
          .catch(() => "");
        return NODE_NAMES.every((n) => out.includes(`"${n}"`));
      });
    }

    // Simulated logs grow while the cluster runs, so `kubectl logs -f` streams.
    logWriter = spawn(
      "sh",
      [
        "-c",
        // Exits by itself once the cluster's data directory is gone.
        'i=0; while [ -f "$1" ]; do sleep 1; i=$((i+1)); printf "%s stdout F %s\\n" "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" "$(date -u +%H:%M:%S) INFO handled request GET /api/items/$i status=200 duration=$((i % 97))ms" >> "$1"; done',
        "log-writer",
        logsFile,
      ],
      { detached: true, stdio: "ignore" },
    );
    logWriter.unref();
    await writeFile(join(dataDir, "log-writer.pid"), `${logWriter.pid}\n`);

    log(`ready: ${server} (kubeconfig ${kubeconfigPath})`);
    return cluster;
  } catch (error) {
    await cluster.stop().catch(() => {});
    throw error;
  }
}

/**
 * Installs the Gateway API standard CRDs (sigs.k8s.io/gateway-api, the version
 * in versions.env) and waits until the API server serves them. Only tests
 * that need Gateway API call it; the cluster has no Gateway controller, so
 * HTTPRoutes are stored and read, never programmed.
 */
export async function installGatewayApi(cluster: Pick<Cluster, "kubectl">): Promise<void> {
  await ensureClusterBinaries({ quiet: true });
  const dir = manifestsDir("gateway-api");
  const crds = (await readdir(dir)).filter((f) => f.endsWith(".yaml")).sort();
  await cluster.kubectl(["apply", "--server-side", ...crds.flatMap((f) => ["-f", join(dir, f)])]);
  await waitForCrds(
    cluster,
    ["httproutes", "gateways", "gatewayclasses"].map((r) => `${r}.gateway.networking.k8s.io`),
  );
  // Discovery lags the Established condition by a moment.
  await waitFor("gateway.networking.k8s.io in discovery", 30_000, async () => {
    const out = await cluster.kubectl([
      "api-resources",
      "--api-group=gateway.networking.k8s.io",
      "-o",
      "name",
    ]);
    return out.includes("httproutes.gateway.networking.k8s.io");
  });
}

/** Waits until each CRD is Established (`kubectl wait` fails on a CRD that has no status yet). */
async function waitForCrds(cluster: Pick<Cluster, "kubectl">, names: string[]): Promise<void> {
  for (const name of names) {
    await waitFor(`CRD ${name} Established`, 60_000, async () => {
      const out = await cluster.kubectl([
        "get",
        "crd",
        name,
        "-o",
        'jsonpath={.status.conditions[?(@.type=="Established")].status}',
      ]);
      return out.trim() === "True";
    });
  }
}

/**
 * Installs Argo Rollouts' Rollout CRD (argoproj.io/v1alpha1, the version in
 * versions.env) and its roles aggregated to view/edit/admin, and waits until
 * it is served. No controller runs: a test writes a Rollout's status itself.
 */
export async function installArgoRollouts(cluster: Pick<Cluster, "kubectl">): Promise<void> {
  await ensureClusterBinaries({ quiet: true });
  const dir = manifestsDir("argo-rollouts");
  await cluster.kubectl([
    "apply",
    "--server-side",
    "-f",
    join(dir, "rollout-crd.yaml"),
    "-f",
    join(dir, "argo-rollouts-aggregate-roles.yaml"),
  ]);
  await waitForCrds(cluster, ["rollouts.argoproj.io"]);
  await waitFor("argoproj.io in discovery", 30_000, async () => {
    const out = await cluster.kubectl(["api-resources", "--api-group=argoproj.io", "-o", "name"]);
    return out.includes("rollouts.argoproj.io");
  });
}

/**
 * kwok's default node and pod stages (copied from its module by build.sh: a
 * kwokctl configuration that brings stages of its own replaces all of them)
 * plus ours: kwok/stages/*.yaml (pods that crash-loop, Job pods that fail).
 */
async function podAndNodeStages(): Promise<string> {
  const dirs = [manifestsDir("kwok-stages"), join(clusterDir, "kwok", "stages")];
  const docs: string[] = [];
  for (const dir of dirs) {
    for (const file of (await readdir(dir)).filter((f) => f.endsWith(".yaml")).sort()) {
      docs.push(leaveFailingJobPods((await readFile(join(dir, file), "utf8")).trim()));
    }
  }
  return docs.join("\n---\n");
}

/**
 * kwok's pod-complete stage succeeds every Job pod; where two stages match,
 * kwok picks one at random, so it is told to leave pods with an image tagged
 * `:fail` to ours (kwok/stages/pod-job-fail.yaml).
 */
function leaveFailingJobPods(stage: string): string {
  const doc = parseYaml(stage) as {
    metadata?: { name?: string };
    spec?: { selector?: { matchExpressions?: unknown[] } };
  };
  const expressions = doc.spec?.selector?.matchExpressions;
  if (doc.metadata?.name !== "pod-complete" || !expressions) return stage;
  expressions.push({
    key: 'any(.spec.containers[]; .image | endswith(":fail"))',
    operator: "NotIn",
    values: ["true"],
  });
  return stringifyYaml(doc).trim();
}

/** Stops a cluster started earlier (maybe by another process) in dataDir. */
export async function stopCluster(opts: { dataDir?: string; name?: string } = {}): Promise<void> {
  const dataDir = resolve(opts.dataDir ?? join(repoRoot, ".data", "cluster"));
  const binaries = binaryPaths();
  await deleteCluster(
    binaries,
    kwokEnv(binaries, dataDir),
    opts.name ?? "clustercord",
    join(dataDir, "kubeconfig"),
    dataDir,
  );
}

/** Environment for kwokctl: all state under dataDir, every binary a local path. */
function kwokEnv(b: ClusterBinaries, dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KWOK_WORKDIR: join(dataDir, "kwok"),
    KWOK_KUBE_APISERVER_BINARY: b.kubeApiserver,
    KWOK_KUBE_CONTROLLER_MANAGER_BINARY: b.kubeControllerManager,
    KWOK_KUBE_SCHEDULER_BINARY: b.kubeScheduler,
    KWOK_KUBECTL_BINARY: b.kubectl,
    KWOK_ETCD_BINARY: b.etcd,
    KWOK_CONTROLLER_BINARY: b.kwok,
    KWOK_METRICS_SERVER_BINARY: b.metricsServer,
    KWOK_KUBE_VERSION: readVersions().KUBERNETES_VERSION,
  };
}

async function deleteCluster(
  b: ClusterBinaries,
  env: NodeJS.ProcessEnv,
  name: string,
  kubeconfigPath: string,
  dataDir: string,
): Promise<void> {
  const pidFile = join(dataDir, "log-writer.pid");
  if (existsSync(pidFile)) {
    const pid = Number.parseInt(readFileSync(pidFile, "utf8"), 10);
    if (pid > 0) {
      try {
        process.kill(pid, "SIGTERM");
      } catch {}
    }
  }
  if (existsSync(join(dataDir, "kwok", "clusters", name))) {
    await run(b.kwokctl, ["delete", "cluster", "--name", name, `--kubeconfig=${kubeconfigPath}`], {
      env,
      timeout: 60_000,
    }).catch(() => {});
  }
  // Only what startCluster() created: dataDir itself may be shared with other things.
  for (const entry of ["kubeconfig", "kwok", "logs", "exec", "kwok.yaml", "log-writer.pid"]) {
    await rm(join(dataDir, entry), { recursive: true, force: true });
  }
}

export async function kubectl(
  kubectlPath: string,
  kubeconfigPath: string,
  args: string[],
  input?: string,
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      kubectlPath,
      [`--kubeconfig=${kubeconfigPath}`, ...args],
      { maxBuffer: 64 << 20, timeout: 60_000 },
      (error, stdout, stderr) => {
        // stdout stays on the error: some commands answer through their exit code (`auth can-i` says "no" and exits 1).
        if (error)
          reject(
            Object.assign(new Error(`kubectl ${args.join(" ")}: ${error.message}\n${stderr}`), { stdout }),
          );
        else resolvePromise(stdout);
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/**
 * Polls `check` until it returns true. A string return is what it saw
 * instead, kept for the timeout's message as a thrown error is.
 */
async function waitFor(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean | string>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const seen = await check();
      if (seen === true) return;
      if (typeof seen === "string") lastError = seen;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `cluster: timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`,
  );
}

function othersCanTraverse(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (dirname(d) === d) return true;
  }
}

/** Lines in the CRI log format the kwok controller serves as container logs. */
function initialLogLines(count: number): string {
  const now = Date.now();
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const ts = new Date(now - (count - i) * 1000).toISOString().replace("Z", "000000Z");
    const stream = i % 10 === 7 ? "stderr" : "stdout";
    const msg =
      i === 0
        ? "starting server on :8080"
        : stream === "stderr"
          ? `WARN slow request GET /api/items/${i} took ${100 + i}ms`
          : `INFO handled request GET /api/items/${i} status=200 duration=${i % 17}ms`;
    lines.push(`${ts} ${stream} F ${msg}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Lines in the log of every container named `sidecar` (it does not grow). */
export const SIDECAR_LOG_LINES = 60;

/**
 * The log of containers named `sidecar`: fixed lines, different from every
 * other container's, so a test can tell which container a log came from.
 */
function sidecarLogLines(count: number): string {
  const start = Date.now() - count * 1000;
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) {
    const ts = new Date(start + i * 1000).toISOString().replace("Z", "000000Z");
    lines.push(`${ts} stdout F sidecar: synced config revision ${i} (${i * 7} keys)`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Ports for every component, picked at random below the kernel's ephemeral
 * range (32768+, where outgoing connections take their source ports) and
 * checked free: kwokctl's own choice counts down from 32767 and races when
 * two clusters start at once (parallel test runs, a demo next to the suite).
 */
async function componentPorts(): Promise<Record<string, number>> {
  const names = [
    "etcdPort",
    "etcdPeerPort",
    "kubeApiserverPort",
    "kwokControllerPort",
    "kubeControllerManagerPort",
    "kubeSchedulerPort",
    "metricsServerPort",
  ];
  const taken = new Set<number>();
  while (taken.size < names.length) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!taken.has(port) && (await portIsFree(port))) taken.add(port);
  }
  const ports = [...taken];
  return Object.fromEntries(names.map((name, i) => [name, ports[i] as number]));
}

/**
 * kwok configuration: every container's logs come from one growing file
 * (containers named `sidecar`: from a second, fixed one);
 * `kubectl exec` runs the command on this machine in a scratch directory
 * (commands like `echo`, `ls`, `env`, `sh -c` work), as user nobody when this
 * process is root; resource usage comes from
 * the pod annotations kwok.x-k8s.io/usage-cpu / usage-memory, otherwise a
 * small stable value derived from the pod's name; the node and pod stages
 * are kwok's defaults plus ours (see podAndNodeStages).
 */
function kwokConfig(p: {
  logsFile: string;
  sidecarLogsFile: string;
  execDir: string;
  execAsNobody: boolean;
  metricsServerManifest: string;
  stages: string;
  ports: Record<string, number>;
}): string {
  return `apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  # every component listens on loopback only
  bindAddress: 127.0.0.1
${Object.entries(p.ports)
  .map(([name, port]) => `  ${name}: ${port}\n`)
  .join("")}  # metrics.k8s.io APIService + Service (the default is a download URL)
  metricsServerManifests:
    - ${JSON.stringify(p.metricsServerManifest)}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: clustercord-logs
spec:
  logs:
    - containers: ["sidecar"]
      logsFile: ${JSON.stringify(p.sidecarLogsFile)}
      previousLogsFile: ${JSON.stringify(p.sidecarLogsFile)}
      follow: true
    - containers: []
      logsFile: ${JSON.stringify(p.logsFile)}
      previousLogsFile: ${JSON.stringify(p.logsFile)}
      follow: true
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: clustercord-exec
spec:
  execs:
    - containers: []
      local:
        workDir: ${JSON.stringify(p.execDir)}
        envs:
          - name: CLUSTERCORD_SIMULATED
            value: "true"${
              p.execAsNobody
                ? `
        securityContext:
          runAsUser: 65534
          runAsGroup: 65534`
                : ""
            }
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterResourceUsage
metadata:
  name: clustercord-usage
spec:
  usages:
    - usage:
        cpu:
          expression: |
            pod.status.phase != "Running" ? Quantity("0")
            : "kwok.x-k8s.io/usage-cpu" in pod.metadata.annotations
            ? Quantity(pod.metadata.annotations["kwok.x-k8s.io/usage-cpu"])
            : Quantity("5m") * (1.0 + double(size(pod.metadata.name) % 7))
        memory:
          expression: |
            pod.status.phase != "Running" ? Quantity("0")
            : "kwok.x-k8s.io/usage-memory" in pod.metadata.annotations
            ? Quantity(pod.metadata.annotations["kwok.x-k8s.io/usage-memory"])
            : Quantity("16Mi") * (1.0 + double(size(pod.metadata.name) % 5))
---
${p.stages}
`;
}
