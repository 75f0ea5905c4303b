import { loadWebEnv } from "./src/server/env";
import { startWebServer } from "./src/server/start";

const env = loadWebEnv();
const web = await startWebServer(env, {
  dev: env.NODE_ENV === "development" && process.argv.includes("--dev"),
  // --api-only: API, auth and sockets without the pages (no Next.js build needed; tests run it so).
  pages: !process.argv.includes("--api-only"),
});
web.log.info({ url: env.PUBLIC_URL, listening: web.url }, "ClusterCord web ready");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await web.stop();
    process.exit(0);
  });
}
