// `npm run demo`: the whole product on one machine. Embedded database
// (PGlite in .data/demo), the local Discord stand-in with seeded users and
// servers, the web app on http://127.0.0.1:3000, the Discord worker, and a
// real local Kubernetes control plane (kubeconfig in .data/cluster).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { deleteClusterByName } from "@clustercord/db";
import {
  applyObjects,
  createClusterGuard,
  parseKubeconfig,
  planGuildTenancy,
  toKubeConfig,
} from "@clustercord/kube";
import { localClusterPolicy } from "@clustercord/testenv";
import { startCluster } from "@clustercord/testenv/cluster";
import { DEMO_CLUSTER, DEMO_GUILDS, seedDemo, workerCaller } from "@clustercord/testenv/demo-seed";
import { startStack } from "@clustercord/testenv/stack";

const root = path.resolve(import.meta.dirname, "..");
const webPort = 3000;
const discordPort = 3001;

// The web app and the worker inherit this environment: the demo reads colored lines, not JSON.
process.env.LOG_PRETTY ??= "true";

const t0 = Date.now();
console.log("==> building the web app (cached after the first run)");
execFileSync("npx", ["turbo", "run", "build", "--filter=@clustercord/web", "--output-logs=errors-only"], {
  cwd: root,
  stdio: "inherit",
});

console.log("==> starting Kubernetes, the Discord stand-in, the web app and the Discord worker");
console.log("    (the first run builds Kubernetes from Go modules: about 10 minutes on 2 cores)");
const [clusterStart, stackStart] = await Promise.allSettled([
  startCluster({ dataDir: path.join(root, ".data/cluster") }),
  startStack({
    dataDir: path.join(root, ".data/demo"),
    webPort,
    discordPort,
    echo: true,
    // The local cluster gets new certificates every start: drop the old entry.
    seed: (prisma) => deleteClusterByName(prisma, DEMO_GUILDS.acme, DEMO_CLUSTER),
  }),
]);
if (clusterStart.status === "rejected" || stackStart.status === "rejected") {
  // Stop whichever half did start, then report what failed.
  if (clusterStart.status === "fulfilled") await clusterStart.value.stop();
  if (stackStart.status === "fulfilled") await stackStart.value.stop();
  const failed = clusterStart.status === "rejected" ? clusterStart : stackStart;
  throw (failed as PromiseRejectedResult).reason;
}
const cluster = clusterStart.value;
const stack = stackStart.value;

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\n==> stopping");
    await Promise.all([stack.stop(), cluster.stop()]);
    process.exit(0);
  });
}

// The seeded world (packages/testenv/src/demo-seed.ts): the cluster registered
// shared through the API as alice, Beta Team on it, bob's namespace, the shop.
console.log("==> seeding the demo world (cluster, tenants, the shop namespace)");
const kubeconfig = await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]);
// ClusterCord's own path to the cluster (sanitised kubeconfig, outbound guard), as the API uses.
const admin = toKubeConfig(
  parseKubeconfig(kubeconfig, { policy: localClusterPolicy }).select(),
  createClusterGuard(localClusterPolicy),
);
let seeded = "  (the demo world was not seeded: see the error above)";
try {
  const result = await seedDemo({
    call: workerCaller(stack.webUrl, stack.serviceToken),
    kubectl: cluster.kubectl,
    kubeconfig,
    applyGuildNamespace: (guildId, namespace) =>
      applyObjects(admin, planGuildTenancy({ guildId, namespace })),
    log: (line) => console.log(`    ${line}`),
  });
  seeded = result.summary.map((line) => `    ${line}`).join("\n");
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

  Kubernetes: a local control plane with 3 simulated nodes at ${cluster.server},
  registered in "Acme Ops" as "${DEMO_CLUSTER}" (see Clusters in the web app, /cluster list in Discord).
  Seeded:
${seeded}
    export KUBECONFIG=${cluster.kubeconfigPath}
    ${cluster.binaries.kubectl} get pods -n shop

Press Ctrl-C to stop everything.
`);
