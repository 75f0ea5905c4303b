/**
 * The production web server (API, auth, socket.io; the Next.js pages only with
 * --pages, which needs `next build`) as its own process for the benchmarks, so
 * its CPU and memory are its own: bench/lib/stack.ts starts it.
 */
import { loadWebEnv } from "../../apps/web/src/server/env";
import { startWebServer } from "../../apps/web/src/server/start";

const web = await startWebServer(loadWebEnv(), { pages: process.argv.includes("--pages") });
console.log(`bench web server listening on ${web.url}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await web.stop();
    process.exit(0);
  });
}
