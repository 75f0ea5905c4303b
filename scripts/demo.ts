// `npm run demo`: the whole product on one machine. Embedded database
// (PGlite in .data/demo), the local Discord stand-in with seeded users and
// servers, the web app on http://127.0.0.1:3000 and the Discord worker.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { startStack } from "@clustercord/testenv/stack";

const root = path.resolve(import.meta.dirname, "..");
const webPort = Number(process.env.DEMO_WEB_PORT ?? 3000);
const discordPort = Number(process.env.DEMO_DISCORD_PORT ?? 3001);

const t0 = Date.now();
console.log("==> building the web app (cached after the first run)");
execFileSync("npx", ["turbo", "run", "build", "--filter=@clustercord/web", "--output-logs=errors-only"], {
  cwd: root,
  stdio: "inherit",
});

console.log("==> starting the Discord stand-in, the web app and the Discord worker");
const stack = await startStack({ dataDir: path.join(root, ".data/demo"), webPort, discordPort, echo: true });
const users = stack.discord.fixture.users.map((u) => u.username).join(", ");
console.log(`
ClusterCord is running (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s).

  Open ${stack.webUrl} and click "Sign in with Discord".
  The local Discord stand-in asks who you are: pick one of ${users}
  (alice owns "Acme Ops"; bob is an operator there; carol a viewer).

  Discord side: the worker is connected to the stand-in at ${stack.discord.url}.

Press Ctrl-C to stop everything.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\n==> stopping");
    await stack.stop();
    process.exit(0);
  });
}
