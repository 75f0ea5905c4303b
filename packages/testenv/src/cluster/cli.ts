/**
 * CLI for the local test cluster.
 *
 *   tsx packages/testenv/src/cluster/cli.ts up [--detach] [--metrics] [--data-dir DIR]
 *   tsx packages/testenv/src/cluster/cli.ts down [--data-dir DIR]
 *   tsx packages/testenv/src/cluster/cli.ts build
 *
 * `up` stays in the foreground and stops every process on Ctrl-C / SIGTERM;
 * with --detach it returns and leaves the cluster for `down`.
 */
import { dirname } from "node:path";
import { ensureClusterBinaries, startCluster, stopCluster } from "./index";

const [command = "up", ...rest] = process.argv.slice(2);
const flag = (name: string) => rest.includes(name);
const option = (name: string) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
const dataDir = option("--data-dir");

async function main(): Promise<void> {
  if (command === "build") {
    const bins = await ensureClusterBinaries();
    for (const [name, path] of Object.entries(bins)) console.log(`${name}\t${path}`);
    return;
  }
  if (command === "down") {
    await stopCluster({ dataDir });
    console.log("cluster stopped");
    return;
  }
  if (command !== "up") {
    console.error(`usage: cli.ts up [--detach] [--metrics] [--data-dir DIR] | down [--data-dir DIR] | build`);
    process.exit(2);
  }

  const t0 = Date.now();
  const cluster = await startCluster({ dataDir, verbose: true, waitForMetrics: flag("--metrics") });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const binDir = dirname(cluster.binaries.kubectl);
  const helmDir = dirname(cluster.binaries.helm);
  console.log(`cluster ready in ${seconds}s
  server:     ${cluster.server}
  kubeconfig: ${cluster.kubeconfigPath}

  export KUBECONFIG=${cluster.kubeconfigPath}
  export PATH=${binDir}:${helmDir}:$PATH   # kubectl, helm`);

  if (flag("--detach")) {
    cluster.detach();
    console.log(`\n(detached: stop it with \`npm run cluster:down\`)`);
    return;
  }
  console.log(`\nPress Ctrl-C to stop the cluster.`);
  // Signal handlers alone do not keep Node's event loop alive.
  const keepAlive = setInterval(() => {}, 1 << 30);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: stopping the cluster...`);
      cluster.stop().then(resolve, (error: unknown) => {
        console.error(error);
        resolve();
      });
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    process.on("SIGHUP", onSignal);
  });
  clearInterval(keepAlive);
  console.log("cluster stopped");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
