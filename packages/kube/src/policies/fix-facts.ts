/** Facts for a policy fix taken from cluster answers (pure: the answers come in as data). */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** The digest each container runs (`sha256:…` from status.imageID), by container name; the first pod that knows wins. */
export function runningDigests(pods: readonly Obj[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pod of pods) {
    const status = isObj(pod.status) ? pod.status : {};
    for (const cs of list(status.containerStatuses)) {
      const name = typeof cs.name === "string" ? cs.name : "";
      const match = typeof cs.imageID === "string" ? /@(sha256:[a-f0-9]{64})$/.exec(cs.imageID) : null;
      if (name && match?.[1] && !out[name]) out[name] = match[1];
    }
  }
  return out;
}

const peak = (a: string | undefined, b: unknown, parse: (q: string) => number) =>
  typeof b !== "string" ? a : a === undefined || parse(b) > parse(a) ? b : a;

/** Peak usage per container over the workload's pods, from metrics.k8s.io PodMetrics. */
export function peakUsage(
  podMetrics: readonly Obj[],
  parse: (quantity: string) => number,
): Record<string, { cpu?: string; memory?: string }> {
  const out: Record<string, { cpu?: string; memory?: string }> = {};
  for (const m of podMetrics)
    for (const c of list(m.containers)) {
      const name = typeof c.name === "string" ? c.name : "";
      const usage = isObj(c.usage) ? c.usage : {};
      if (!name) continue;
      const prev = out[name] ?? {};
      const cpu = peak(prev.cpu, usage.cpu, parse);
      const memory = peak(prev.memory, usage.memory, parse);
      out[name] = { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) };
    }
  return out;
}

/** The namespace's default container limits, from its LimitRanges (the first that sets each). */
export function limitRangeDefault(limitRanges: readonly Obj[]): { cpu?: string; memory?: string } {
  const out: { cpu?: string; memory?: string } = {};
  for (const lr of limitRanges)
    for (const limit of list(isObj(lr.spec) ? lr.spec.limits : undefined)) {
      // `_default`: the client's model name for `default` (a reserved word in its generated classes).
      const defaults = limit.default ?? limit._default;
      if (limit.type !== "Container" || !isObj(defaults)) continue;
      if (!out.cpu && typeof defaults.cpu === "string") out.cpu = defaults.cpu;
      if (!out.memory && typeof defaults.memory === "string") out.memory = defaults.memory;
    }
  return out;
}

/** Whether a pod belongs to the workload: its labels carry every matchLabels pair of the workload's selector. */
export function podMatchesSelector(pod: Obj, selector: unknown): boolean {
  const match = isObj(selector) && isObj(selector.matchLabels) ? selector.matchLabels : null;
  if (!match || Object.keys(match).length === 0) return false;
  const labels = isObj(pod.metadata) && isObj(pod.metadata.labels) ? pod.metadata.labels : {};
  return Object.entries(match).every(([k, v]) => labels[k] === v);
}
