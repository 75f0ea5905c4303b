/** What every benchmark prints: a Markdown table (what | measured | target | result) and context lines. */
import { writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { markdownTable } from "./stats";

export interface Row {
  what: string;
  measured: string;
  target: string;
  result: "PASS" | "FAIL" | "";
}

export const passFail = (ok: boolean): Row["result"] => (ok ? "PASS" : "FAIL");

export const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

/** Progress on stderr, prefixed with the seconds since the bench started (the table goes to stdout). */
export function benchLogger(name: string) {
  const t0 = performance.now();
  return (msg: string) =>
    process.stderr.write(`[${name} +${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);
}

/** The machine, for the lines under the table. */
export const machineLine = (loadAtStart: string) =>
  `Node ${process.version}; ${cpus().length} CPUs, load average ${loadAtStart} at the start, ${loadAverage()} at the end; ${new Date().toISOString()}.`;

export async function printReport(
  rows: readonly Row[],
  context: readonly string[],
  json?: { file?: string; data: unknown },
) {
  const table = markdownTable(
    ["what", "measured", "target", "result"],
    rows.map((r) => [r.what, r.measured, r.target, r.result]),
  );
  console.log(`\n${table}\n\n${context.join("\n")}\n`);
  if (json?.file)
    await writeFile(json.file, `${JSON.stringify({ rows, context, ...Object(json.data) }, null, 2)}\n`);
}

/** Whole-number flags: `--name 12`; a clear error naming the flag otherwise. */
export function wholeNumber(flags: Record<string, unknown>, name: string, min = 0): number {
  const v = Number(flags[name]);
  if (!Number.isInteger(v) || v < min)
    throw new Error(`--${name} must be a whole number >= ${min}, not ${String(flags[name])}`);
  return v;
}
