/** Kubernetes resource quantities (`250m`, `1.5`, `512Mi`, `1G`, `1e3`), parsed to numbers. */

const binary: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const decimal: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const quantityPattern = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/** The quantity's value in base units (cores, bytes); null when it is not a quantity. */
export function parseQuantity(text: string | number): number | null {
  if (typeof text === "number") return Number.isFinite(text) ? text : null;
  const m = quantityPattern.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return null;
  const suffix = m[2] ?? "";
  return n * (binary[suffix] ?? decimal[suffix] ?? 1);
}

/** Cores as millicores, rounded up to a multiple of `step` (at least `min`). */
export function formatCpu(cores: number, { min = 50, step = 10 } = {}): string {
  const milli = Math.max(min, Math.ceil((cores * 1000) / step) * step);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Bytes as mebibytes, rounded up to a multiple of `step` Mi (at least `min` Mi). */
export function formatMemory(bytes: number, { min = 32, step = 16 } = {}): string {
  const mi = Math.max(min, Math.ceil(bytes / 2 ** 20 / step) * step);
  return mi % 1024 === 0 ? `${mi / 1024}Gi` : `${mi}Mi`;
}
