/**
 * Made-up history for the demo only: hourly samples for the `days` before
 * `end`, shaped from one real pass (each workload's requests and usage) with
 * a daily curve, so the charts are not empty on a fresh install. Nothing
 * else may call it: these numbers were never measured.
 */
import { type ClusterPass, clusterPass, type NodeLike, type UsageSampleRow } from "./samples";

const HOUR_MS = 3_600_000;

/** Busier in the (UTC) afternoon, quiet at night; a small stable wobble per workload and hour. */
function load(hour: Date, seed: number): number {
  const h = hour.getUTCHours();
  const daily = 0.6 + 0.5 * Math.max(0, Math.sin(((h - 6) / 24) * 2 * Math.PI));
  const wobble = ((Math.sin(seed * 12.9898 + hour.getTime() / HOUR_MS) * 43758.5453) % 1) * 0.15;
  return Math.max(0.05, daily + wobble);
}

export function simulateHistory(
  template: readonly UsageSampleRow[],
  nodes: readonly NodeLike[],
  options: { days: number; end: Date },
): { samples: UsageSampleRow[]; passes: ClusterPass[] } {
  const endHour = Math.floor(options.end.getTime() / HOUR_MS) * HOUR_MS;
  const samples: UsageSampleRow[] = [];
  const passes: ClusterPass[] = [];
  for (let t = endHour - options.days * 24 * HOUR_MS; t < endHour; t += HOUR_MS) {
    const at = new Date(t);
    const hour = template.map((row, i) => {
      const f = load(at, i + 1);
      return {
        ...row,
        at,
        seconds: 3600,
        cpuUsageCores: row.cpuUsageCores * f,
        memUsageGb: row.memUsageGb * (0.8 + 0.2 * f),
      };
    });
    samples.push(...hour);
    passes.push(clusterPass(nodes, hour, at, 3600));
  }
  return { samples, passes };
}
