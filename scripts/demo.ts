// `npm run demo`: the whole product on one machine. Embedded database
// (PGlite in .data/demo), the local Discord stand-in with seeded users and
// servers, the web app on http://127.0.0.1:3000, the Discord worker, and a
// real local Kubernetes control plane (kubeconfig in .data/cluster).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { deleteClusterByName } from "@clustercord/db";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import { startCluster } from "@clustercord/testenv/cluster";
import { startStack } from "@clustercord/testenv/stack";

const root = path.resolve(import.meta.dirname, "..");
const DEMO_GUILD = "200000000000000001"; // "Acme Ops" in the stand-in's fixture
const DEMO_ADMIN = "100000000000000001"; // alice, its owner
const DEMO_CLUSTER = "local";
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
    seed: (prisma) => deleteClusterByName(prisma, DEMO_GUILD, DEMO_CLUSTER),
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

// Register the local cluster in "Acme Ops" through the API, as its owner alice.
const added = await callTrpc(stack.webUrl, "clusters.add", {
  headers: workerHeaders(stack.serviceToken, DEMO_ADMIN, DEMO_GUILD),
  input: {
    name: DEMO_CLUSTER,
    kubeconfig: await cluster.kubectl(["config", "view", "--raw", "--flatten", "--minify"]),
  },
  mutation: true,
});
if (added.error) console.error(`could not register the local cluster: ${added.error.message}`);
const users = stack.discord.fixture.users.map((u) => u.username).join(", ");
console.log(`
ClusterCord is running (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s).

  Open ${stack.webUrl} and click "Sign in with Discord".
  The local Discord stand-in asks who you are: pick one of ${users}
  (alice owns "Acme Ops"; bob is an operator there; carol a viewer).

  Discord side: the worker is connected to the stand-in at ${stack.discord.url}.

  Kubernetes: a local control plane with 3 simulated nodes at ${cluster.server},
  registered in "Acme Ops" as "${DEMO_CLUSTER}" (see Clusters in the web app, /cluster list in Discord).
    export KUBECONFIG=${cluster.kubeconfigPath}
    ${cluster.binaries.kubectl} get nodes

Press Ctrl-C to stop everything.
`);

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
