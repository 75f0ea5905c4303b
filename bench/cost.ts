/**
 * npm run bench:cost: runs every bench/cost-*.ts there is (the sampler's,
 * the queries'), one after the other, each in its own process; arguments
 * after `--` go to each of them.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const dir = import.meta.dirname;
const benches = readdirSync(dir)
  .filter((f) => /^cost-[a-z-]+\.ts$/.test(f))
  .sort();
let failed = 0;
for (const file of benches) {
  process.stderr.write(`\n== bench/${file}\n`);
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, path.join(dir, file), ...process.argv.slice(2)],
    {
      stdio: "inherit",
    },
  );
  if (run.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
