// `npm run demo`: the whole product on one machine. Embedded database
// (PGlite in .data/demo), the local Discord stand-in with seeded users and
// servers, the web app on http://127.0.0.1:3000, the Discord worker, a
// real local Kubernetes control plane (kubeconfig in .data/cluster), and for
// Helm a local chart repository and an ArtifactHub stand-in (no internet).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { deleteClusterByName } from "@clustercord/db";
import {
  applyObjects,
  createClusterGuard,
  PRESETS,
  parseKubeconfig,
  planGuildTenancy,
  toKubeConfig,
} from "@clustercord/kube";
import { localClusterPolicy } from "@clustercord/testenv";
import { ensureClusterBinaries, startCluster } from "@clustercord/testenv/cluster";
import { startDemoCharts } from "@clustercord/testenv/demo-charts";
import { DEMO_CLUSTER, DEMO_GUILDS, seedDemo, workerCaller } from "@clustercord/testenv/demo-seed";
import { startLlmStandIn } from "@clustercord/testenv/llm";
import { startStack } from "@clustercord/testenv/stack";

const root = path.resolve(import.meta.dirname, "..");
const webPort = 3000;
const discordPort = 3001;

// The web app and the worker inherit this environment: the demo reads colored lines, not JSON.
process.env.LOG_PRETTY ??= "true";
// The cost charts get 7 days of SIMULATED hourly history (made up from the first real sample, labelled
// so in the sampler's code); from then on every number is sampled from metrics.k8s.io.
process.env.COST_SIMULATED_HISTORY_DAYS ??= "7";

const t0 = Date.now();
console.log("==> building the web app (cached after the first run)");
execFileSync("npx", ["turbo", "run", "build", "--filter=@clustercord/web", "--output-logs=errors-only"], {
  cwd: root,
  stdio: "inherit",
});

console.log(
  "==> starting Kubernetes, the chart repository, the ArtifactHub stand-in, the Discord stand-in, the web app and the Discord worker",
);
console.log("    (the first run builds Kubernetes and Helm from Go modules: about 10 minutes on 2 cores)");
// One build for both (the chart repository packages its charts with the built helm).
const built = ensureClusterBinaries({ quiet: true });
// AI explanations in diagnostics through a local OpenAI-compatible stand-in (canned answers, no internet).
const llm = await startLlmStandIn();
const chartsStart = built.then(() =>
  startDemoCharts(PRESETS.flatMap((p) => p.components.map((c) => c.chart))),
);
const [clusterStart, chartsStarted, stackStart] = await Promise.allSettled([
  built.then(() => startCluster({ dataDir: path.join(root, ".data/cluster") })),
  chartsStart,
  chartsStart.then(({ hub }) =>
    startStack({
      dataDir: path.join(root, ".data/demo"),
      webPort,
      discordPort,
      echo: true,
      artifactHubUrl: hub.url,
      llmBaseUrl: llm.baseUrl,
      // The local cluster gets new certificates every start: drop the old entry.
      seed: (prisma) => deleteClusterByName(prisma, DEMO_GUILDS.acme, DEMO_CLUSTER),
    }),
  ),
]);
const stopStarted = () =>
  Promise.all([
    stackStart.status === "fulfilled" && stackStart.value.stop(),
    clusterStart.status === "fulfilled" && clusterStart.value.stop(),
    chartsStarted.status === "fulfilled" && chartsStarted.value.close(),
    llm.close(),
  ]);
if (
  clusterStart.status === "rejected" ||
  chartsStarted.status === "rejected" ||
  stackStart.status === "rejected"
) {
  // Stop whatever did start, then report what failed first.
  await stopStarted();
  const failed = [clusterStart, chartsStarted, stackStart].find((s) => s.status === "rejected");
  throw (failed as PromiseRejectedResult).reason;
}
const cluster = clusterStart.value;
const { repo: chartRepo, hub } = chartsStarted.value;
const stack = stackStart.value;

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\n==> stopping");
    await stopStarted();
    process.exit(0);
  });
}

// The seeded world (packages/testenv/src/demo-seed.ts): the cluster registered
// shared through the API as alice, Beta Team on it, bob's namespace, the shop.
console.log("==> seeding the demo world (cluster, tenants, the shop namespace, Helm)");
const kubeconfig = await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
// ClusterCord's own path to the cluster (sanitised kubeconfig, outbound guard), as the API uses.
const admin = toKubeConfig(
  parseKubeconfig(kubeconfig, { policy: localClusterPolicy }).select(),
  createClusterGuard(localClusterPolicy),
);
let seeded = "  (the demo world was not seeded: see the error above)";
let helmPage = `${stack.webUrl}/clusters`;
try {
  const result = await seedDemo({
    call: workerCaller(stack.webUrl, stack.serviceToken),
    kubectl: cluster.kubectl,
    kubeconfig,
    applyGuildNamespace: (guildId, namespace) =>
      applyObjects(admin, planGuildTenancy({ guildId, namespace })),
    chartRepoUrl: chartRepo.url,
    log: (line) => console.log(`    ${line}`),
  });
  seeded = result.summary.map((line) => `    ${line}`).join("\n");
  helmPage = `${stack.webUrl}/clusters/${result.clusterId}/helm`;
} catch (error) {
  console.error(`could not seed the demo world: ${(error as Error).message}`);
}
const users = stack.discord.fixture.users.map((u) => u.username).join(", ");
console.log(`
ClusterCord is running (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s).

  Web app:                ${stack.webUrl}  (click "Sign in with Discord")
  Discord (demo client):  ${stack.discord.url}
  The local Discord stand-in asks who you are: pick one of ${users}
  (alice owns "Acme Ops"; bob is an operator there; carol a viewer there and owner of "Beta Team").
  Try /pods namespace:shop in the Discord client and the pods page in the web app.

  Helm (charts from a local repository at ${chartRepo.url}, search also through
  an ArtifactHub stand-in at ${hub.url}; nothing from the internet):
    Web app:  ${helmPage}  (Search, Releases, Blueprints)
    Discord:  /helm search name:nginx   /helm list namespace:shop
              /helm upgrade release:shop-web version:1.3.0   /helm install chart:local/redis namespace:shop

  AI explanations: Diagnose a workload, then "Ask AI" (web) or /diagnose … question: (Discord);
  the answers come from a local OpenAI-compatible stand-in at ${llm.baseUrl} (canned text).

  Kubernetes: a local control plane with 3 simulated nodes at ${cluster.server},
  registered in "Acme Ops" as "${DEMO_CLUSTER}" (see Clusters in the web app, /cluster list in Discord).
  Seeded:
${seeded}
    export KUBECONFIG=${cluster.kubeconfigPath}
    ${cluster.binaries.kubectl} get pods -n shop

Press Ctrl-C to stop everything.
`);
