/** One memory reading of one container. */
export interface MemoryPoint {
  at: string;
  memoryBytes: number;
}

export interface OomPrediction {
  /** Minutes from `now` until the fitted line reaches the limit (0: it already has). */
  minutes: number;
  at: string;
  /** Bytes per minute, from the fit. */
  slopeBytesPerMinute: number;
  samples: number;
  /** "expected OOM in ~N min (estimate: …)": always worded as an estimate. */
  text: string;
}

export interface PredictOptions {
  /** Only the last samples count: a leak shows in the recent trend, not in the day's. Default 30. */
  maxSamples?: number;
  /** Do not predict further out than this. Default 120 min. */
  horizonMinutes?: number;
  /** Fewer points than this, or spanning less than a minute, say nothing. Default 3. */
  minSamples?: number;
}

const MINUTE = 60_000;

/**
 * When memory use reaches `limitBytes` if it keeps growing as it has: a
 * least-squares line over the recent samples. Null unless the line rises and
 * crosses the limit within the horizon.
 */
export function predictOom(
  samples: readonly MemoryPoint[],
  limitBytes: number,
  now: Date,
  { maxSamples = 30, horizonMinutes = 120, minSamples = 3 }: PredictOptions = {},
): OomPrediction | null {
  if (!(limitBytes > 0)) return null;
  const nowMs = now.getTime();
  const points = samples
    .map((s) => ({ t: (Date.parse(s.at) - nowMs) / MINUTE, y: s.memoryBytes }))
    .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.y) && p.t <= 0)
    .sort((a, b) => a.t - b.t)
    .slice(-maxSamples);
  if (points.length < Math.max(2, minSamples)) return null;
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last || last.t - first.t < 1) return null;

  const n = points.length;
  const meanT = points.reduce((s, p) => s + p.t, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let sTT = 0;
  let sTY = 0;
  for (const p of points) {
    sTT += (p.t - meanT) ** 2;
    sTY += (p.t - meanT) * (p.y - meanY);
  }
  const slope = sTY / sTT;
  if (!(slope > 0)) return null;
  // Fitted value at t = 0 (now); t is minutes from now.
  const atNow = meanY - slope * meanT;
  const minutes = Math.max(0, Math.ceil((limitBytes - atNow) / slope));
  if (minutes > horizonMinutes) return null;
  const mib = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;
  return {
    minutes,
    at: new Date(nowMs + minutes * MINUTE).toISOString(),
    slopeBytesPerMinute: slope,
    samples: n,
    text:
      minutes === 0
        ? `memory is at the limit by the trend (estimate from ${n} samples, +${mib(slope)}/min, limit ${mib(limitBytes)})`
        : `expected OOM in ~${minutes} min (estimate: linear fit over ${n} samples, +${mib(slope)}/min toward the ${mib(limitBytes)} limit)`,
  };
}
