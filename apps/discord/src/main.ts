import { loadWorkerEnv } from "./env";
import { startWorker } from "./worker";

// Configuration errors are the operator's to fix: print them plainly and exit.
let env: ReturnType<typeof loadWorkerEnv>;
try {
  env = loadWorkerEnv();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const worker = await startWorker(env).catch((error: unknown) => {
  console.error("[discord] could not start:", error);
  process.exit(1);
});

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.log(`[discord] ${signal}: stopping`);
  worker
    .stop()
    .catch((error: unknown) => console.error("[discord] stop failed:", error))
    .finally(() => process.exit(0));
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
