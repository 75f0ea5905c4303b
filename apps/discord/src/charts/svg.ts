/**
 * Small SVG helpers for the server-rendered charts: text escaping, number
 * formatting and axis scales. Pure: strings in, strings out.
 */

/** Text and attribute values as XML (the labels are namespace and workload names). */
export function xml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

/** A number as the SVG's `data-value` and `<title>` carry it: full precision, no exponent for normal sizes. */
export const dataValue = (n: number) => String(Number(n.toPrecision(12)));

/** Coordinates with one decimal: enough for a PNG, short enough to keep the SVG small. */
export const px = (n: number) => String(Math.round(n * 10) / 10);

/** A "nice" axis top at or above `max` (1, 2, 2.5 or 5 times a power of ten), and its tick step. */
export function niceAxis(max: number, ticks = 4): { top: number; step: number } {
  if (!(max > 0) || !Number.isFinite(max)) return { top: 1, step: 1 / ticks };
  const raw = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((f) => f * magnitude >= raw) ?? 10) * magnitude;
  return { top: step * Math.ceil(max / step - 1e-9), step };
}

/** A label cut to `max` characters (SVG text does not wrap). */
export const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The font stack: DejaVu Sans where installed (the Docker image's fonts-dejavu-core), else any sans. */
export const FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif";

export const palette = {
  text: "#e6edf3",
  muted: "#8b949e",
  grid: "#30363d",
  background: "#0d1117",
  gap: "#6e4b00",
  cpu: "#58a6ff",
  memory: "#d2a8ff",
  storage: "#3fb950",
  cost: "#f0883e",
} as const;
