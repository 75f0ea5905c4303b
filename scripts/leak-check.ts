/**
 * After the suite: no collected output (process logs, audit rows, Discord
 * messages, the suite's own output) may contain a secret that a test
 * registered. Prints where a secret was found, never the secret.
 *
 *   npx tsx scripts/leak-check.ts <leak dir> [extra text file ...]
 */
import { readFileSync } from "node:fs";
import { findLeaks, readCollected } from "@clustercord/testenv/leak-check";

const [dir, ...extra] = process.argv.slice(2);
if (!dir) throw new Error("usage: leak-check.ts <leak dir> [extra text file ...]");
const { secrets, outputs } = readCollected(dir);
for (const file of extra) {
  outputs.push({ source: file, text: readFileSync(file, "utf8") });
}
const leaks = outputs.flatMap((o) => findLeaks(secrets, o.text, o.source));
const bytes = outputs.reduce((n, o) => n + o.text.length, 0);
if (leaks.length > 0) {
  for (const leak of leaks)
    console.error(`LEAK: secret "${leak.label}" in ${leak.source} at offset ${leak.offset}`);
  console.error(`leak check: ${leaks.length} leak(s) of ${secrets.length} registered secrets`);
  process.exit(1);
}
if (secrets.length === 0) {
  console.error("leak check: no secrets were registered; the suite's secret registration is broken");
  process.exit(1);
}
console.log(
  `leak check: ${secrets.length} registered secrets, ${outputs.length} outputs (${(bytes / 1e6).toFixed(1)} MB): no leak`,
);
